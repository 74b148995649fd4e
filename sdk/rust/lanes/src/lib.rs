//! Lanes Rust SDK: `#![no_std]` contracts for Lanes (and Arbitrum Stylus: the host functions are Stylus's
//! `vm_hooks`). Built with `lanes contract build file.rs`, which compiles this crate as an rlib and the
//! contract as a `cdylib` for `wasm32-unknown-unknown` with plain `rustc` (no Cargo, no crates.io).
//!
//! A contract defines `fn handle(args: Calldata) -> Result<Vec, Revert>`-like logic through the
//! [`entrypoint!`] macro: the handler returns `Ok(output)` or `Err(revert data)`.
//! 256-bit values are [`U256`]; addresses are `U256` below 2^160. Storage follows Solidity's layout.
#![no_std]

pub mod hostio {
    //! The raw vm_hooks imports.
    #[link(wasm_import_module = "vm_hooks")]
    extern "C" {
        pub fn read_args(dest: *mut u8);
        pub fn write_result(data: *const u8, len: usize);
        pub fn exit_early(status: u32);
        pub fn storage_load_bytes32(key: *const u8, dest: *mut u8);
        pub fn storage_cache_bytes32(key: *const u8, value: *const u8);
        pub fn storage_flush_cache(clear: u32);
        pub fn call_contract(
            contract: *const u8,
            data: *const u8,
            len: usize,
            value: *const u8,
            gas: u64,
            return_data_len: *mut usize,
        ) -> u32;
        pub fn delegate_call_contract(
            contract: *const u8,
            data: *const u8,
            len: usize,
            gas: u64,
            return_data_len: *mut usize,
        ) -> u32;
        pub fn static_call_contract(
            contract: *const u8,
            data: *const u8,
            len: usize,
            gas: u64,
            return_data_len: *mut usize,
        ) -> u32;
        pub fn read_return_data(dest: *mut u8, offset: usize, size: usize) -> usize;
        pub fn emit_log(data: *const u8, len: usize, topics: usize);
        pub fn contract_address(dest: *mut u8);
        pub fn msg_sender(dest: *mut u8);
        pub fn msg_value(dest: *mut u8);
        pub fn msg_reentrant() -> u32;
        pub fn tx_origin(dest: *mut u8);
        pub fn block_number() -> u64;
        pub fn block_timestamp() -> u64;
        pub fn chainid() -> u64;
        pub fn evm_gas_left() -> u64;
        pub fn native_keccak256(bytes: *const u8, len: usize, output: *mut u8);
        pub fn pay_for_memory_grow(pages: u32);
    }
}

/// A bump allocator over the module's memory: an instance lives for one call, so nothing is freed.
pub mod heap {
    extern "C" {
        static __heap_base: u8;
    }
    static mut TOP: usize = 0;

    /// Returns `size` bytes of zeroed memory (fresh pages are zero; nothing is reused).
    pub fn alloc(size: usize) -> &'static mut [u8] {
        unsafe {
            if TOP == 0 {
                TOP = &__heap_base as *const u8 as usize;
            }
            let start = (TOP + 15) & !15;
            let end = start + size;
            let have = core::arch::wasm32::memory_size(0) * 65536;
            if end > have {
                let pages = (end - have + 65535) / 65536;
                if core::arch::wasm32::memory_grow(0, pages) == usize::MAX {
                    core::arch::wasm32::unreachable();
                }
            }
            TOP = end;
            core::slice::from_raw_parts_mut(start as *mut u8, size)
        }
    }
}

/// A 256-bit unsigned integer: four 64-bit limbs, least significant first.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct U256(pub [u64; 4]);

impl U256 {
    pub const ZERO: U256 = U256([0; 4]);

    pub const fn from_u64(v: u64) -> U256 {
        U256([v, 0, 0, 0])
    }

    /// A constant from its four 64-bit chunks in big-endian order (as a hash is written).
    pub const fn from_be_limbs(a: u64, b: u64, c: u64, d: u64) -> U256 {
        U256([d, c, b, a])
    }

    pub fn from_be_bytes(b: &[u8]) -> U256 {
        let mut l = [0u64; 4];
        for i in 0..4 {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[24 - 8 * i..32 - 8 * i]);
            l[i] = u64::from_be_bytes(w);
        }
        U256(l)
    }

    pub fn to_be_bytes(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for i in 0..4 {
            out[24 - 8 * i..32 - 8 * i].copy_from_slice(&self.0[i].to_be_bytes());
        }
        out
    }

    pub fn from_address(a: &[u8; 20]) -> U256 {
        let mut w = [0u8; 32];
        w[12..].copy_from_slice(a);
        U256::from_be_bytes(&w)
    }

    pub fn to_address(&self) -> [u8; 20] {
        let w = self.to_be_bytes();
        let mut a = [0u8; 20];
        a.copy_from_slice(&w[12..]);
        a
    }

    pub fn is_zero(&self) -> bool {
        self.0 == [0; 4]
    }

    pub fn is_address(&self) -> bool {
        self.0[3] == 0 && self.0[2] >> 32 == 0
    }

    pub fn low_u64(&self) -> u64 {
        self.0[0]
    }

    pub fn overflowing_add(self, o: U256) -> (U256, bool) {
        let mut r = [0u64; 4];
        let mut carry = false;
        for i in 0..4 {
            let (s, c1) = self.0[i].overflowing_add(o.0[i]);
            let (s, c2) = s.overflowing_add(carry as u64);
            r[i] = s;
            carry = c1 | c2;
        }
        (U256(r), carry)
    }

    pub fn overflowing_sub(self, o: U256) -> (U256, bool) {
        let mut r = [0u64; 4];
        let mut borrow = false;
        for i in 0..4 {
            let (d, b1) = self.0[i].overflowing_sub(o.0[i]);
            let (d, b2) = d.overflowing_sub(borrow as u64);
            r[i] = d;
            borrow = b1 | b2;
        }
        (U256(r), borrow)
    }

    /// Addition that reverts with Panic(0x11) on overflow, as Solidity's checked arithmetic does.
    pub fn checked_add_or_panic(self, o: U256) -> U256 {
        let (r, overflow) = self.overflowing_add(o);
        if overflow {
            panic_code(0x11);
        }
        r
    }

    pub fn checked_sub_or_panic(self, o: U256) -> U256 {
        let (r, underflow) = self.overflowing_sub(o);
        if underflow {
            panic_code(0x11);
        }
        r
    }
}

impl PartialOrd for U256 {
    fn partial_cmp(&self, o: &U256) -> Option<core::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for U256 {
    fn cmp(&self, o: &U256) -> core::cmp::Ordering {
        for i in (0..4).rev() {
            if self.0[i] != o.0[i] {
                return self.0[i].cmp(&o.0[i]);
            }
        }
        core::cmp::Ordering::Equal
    }
}

/// Ends the call, reverting with `data`.
pub fn revert(data: &[u8]) -> ! {
    unsafe {
        hostio::write_result(data.as_ptr(), data.len());
        hostio::exit_early(1);
        core::arch::wasm32::unreachable()
    }
}

/// Reverts with a custom error: `selector` followed by ABI words.
pub fn revert_error(selector: u32, words: &[U256]) -> ! {
    let buf = heap::alloc(4 + 32 * words.len());
    buf[..4].copy_from_slice(&selector.to_be_bytes());
    for (i, w) in words.iter().enumerate() {
        buf[4 + 32 * i..36 + 32 * i].copy_from_slice(&w.to_be_bytes());
    }
    revert(buf)
}

/// Reverts with Panic(code), as Solidity does.
pub fn panic_code(code: u64) -> ! {
    revert_error(0x4e487b71, &[U256::from_u64(code)])
}

/// Reverts with Error(string), Solidity's `revert("message")`.
pub fn revert_message(message: &str) -> ! {
    let n = message.len();
    let padded = (n + 31) & !31;
    let buf = heap::alloc(68 + padded);
    buf[..4].copy_from_slice(&0x08c379a0u32.to_be_bytes());
    buf[35] = 0x20;
    buf[64..68].copy_from_slice(&(n as u32).to_be_bytes());
    buf[68..68 + n].copy_from_slice(message.as_bytes());
    revert(buf)
}

/// The call's arguments.
#[derive(Clone, Copy)]
pub struct Calldata(pub &'static [u8]);

impl Calldata {
    /// Reads the arguments user_entrypoint(len) was called with (used by [`entrypoint!`]).
    pub fn read(len: usize) -> Calldata {
        // Keeps the import: memory growth is priced, as in Stylus.
        unsafe { hostio::pay_for_memory_grow(0) };
        let buf = heap::alloc(len);
        unsafe { hostio::read_args(buf.as_mut_ptr()) };
        Calldata(buf)
    }

    pub fn selector(&self) -> u32 {
        if self.0.len() < 4 {
            return 0;
        }
        u32::from_be_bytes([self.0[0], self.0[1], self.0[2], self.0[3]])
    }

    /// The i-th 32-byte argument word; reverts when the calldata is too short.
    pub fn word(&self, i: usize) -> U256 {
        let at = 4 + 32 * i;
        if at + 32 > self.0.len() {
            revert_message("calldata too short");
        }
        U256::from_be_bytes(&self.0[at..at + 32])
    }

    /// The i-th argument as an address; reverts when its upper bits are set, as Solidity does.
    pub fn address(&self, i: usize) -> U256 {
        let a = self.word(i);
        if !a.is_address() {
            revert(&[]);
        }
        a
    }

    /// The `bytes` argument whose head word is at index i.
    pub fn bytes(&self, i: usize) -> &'static [u8] {
        let off = self.word(i);
        let at = 4 + off.low_u64() as usize;
        if off.0[1] | off.0[2] | off.0[3] != 0 || at + 32 > self.0.len() {
            revert_message("bad bytes offset");
        }
        let n = U256::from_be_bytes(&self.0[at..at + 32]);
        let len = n.low_u64() as usize;
        if n.0[1] | n.0[2] | n.0[3] != 0 || at + 32 + len > self.0.len() {
            revert_message("bad bytes length");
        }
        &self.0[at + 32..at + 32 + len]
    }
}

/// Output buffers: ABI words and raw bytes.
pub struct Writer {
    buf: &'static mut [u8],
    len: usize,
}

impl Writer {
    pub fn new(capacity: usize) -> Writer {
        Writer { buf: heap::alloc(capacity), len: 0 }
    }

    fn reserve(&mut self, n: usize) -> &mut [u8] {
        if self.len + n > self.buf.len() {
            let mut cap = self.buf.len() * 2 + 32;
            while cap < self.len + n {
                cap *= 2;
            }
            let next = heap::alloc(cap);
            next[..self.len].copy_from_slice(&self.buf[..self.len]);
            self.buf = next;
        }
        let at = self.len;
        self.len += n;
        &mut self.buf[at..at + n]
    }

    pub fn selector(mut self, sel: u32) -> Writer {
        self.reserve(4).copy_from_slice(&sel.to_be_bytes());
        self
    }

    pub fn word(mut self, w: U256) -> Writer {
        self.reserve(32).copy_from_slice(&w.to_be_bytes());
        self
    }

    pub fn bool(self, b: bool) -> Writer {
        self.word(U256::from_u64(b as u64))
    }

    /// Appends raw bytes, zero-padded to a multiple of 32.
    pub fn padded(mut self, data: &[u8]) -> Writer {
        let padded = (data.len() + 31) & !31;
        let out = self.reserve(padded);
        out[..data.len()].copy_from_slice(data);
        self
    }

    pub fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    pub fn into_slice(self) -> &'static [u8] {
        let len = self.len;
        &self.buf[..len]
    }
}

/// The output of a call: ABI-encoded bytes (empty for none).
pub type Output = &'static [u8];

pub fn ret_u256(v: U256) -> Output {
    Writer::new(32).word(v).into_slice()
}

pub fn ret_bool(b: bool) -> Output {
    ret_u256(U256::from_u64(b as u64))
}

/// ABI-encodes (bool ok, bytes data).
pub fn ret_bool_bytes(ok: bool, data: &[u8]) -> Output {
    Writer::new(96 + data.len() + 32)
        .bool(ok)
        .word(U256::from_u64(0x40))
        .word(U256::from_u64(data.len() as u64))
        .padded(data)
        .into_slice()
}

pub fn keccak(data: &[u8]) -> U256 {
    let mut out = [0u8; 32];
    unsafe { hostio::native_keccak256(data.as_ptr(), data.len(), out.as_mut_ptr()) };
    U256::from_be_bytes(&out)
}

pub fn sload(slot: U256) -> U256 {
    let key = slot.to_be_bytes();
    let mut value = [0u8; 32];
    unsafe { hostio::storage_load_bytes32(key.as_ptr(), value.as_mut_ptr()) };
    U256::from_be_bytes(&value)
}

pub fn sstore(slot: U256, value: U256) {
    let key = slot.to_be_bytes();
    let v = value.to_be_bytes();
    unsafe { hostio::storage_cache_bytes32(key.as_ptr(), v.as_ptr()) };
}

/// The slot of mapping[key] for a mapping declared at `slot` (Solidity's layout).
pub fn map_slot(slot: U256, key: U256) -> U256 {
    let mut buf = [0u8; 64];
    buf[..32].copy_from_slice(&key.to_be_bytes());
    buf[32..].copy_from_slice(&slot.to_be_bytes());
    keccak(&buf)
}

/// Emits a log: topics, then ABI data words.
pub fn emit(topics: &[U256], data: &[U256]) {
    let len = 32 * (topics.len() + data.len());
    let buf = heap::alloc(len);
    for (i, t) in topics.iter().chain(data.iter()).enumerate() {
        buf[32 * i..32 * i + 32].copy_from_slice(&t.to_be_bytes());
    }
    unsafe { hostio::emit_log(buf.as_ptr(), len, topics.len()) };
}

pub fn msg_sender() -> U256 {
    let mut a = [0u8; 20];
    unsafe { hostio::msg_sender(a.as_mut_ptr()) };
    U256::from_address(&a)
}

pub fn msg_value() -> U256 {
    let mut v = [0u8; 32];
    unsafe { hostio::msg_value(v.as_mut_ptr()) };
    U256::from_be_bytes(&v)
}

pub fn this_address() -> U256 {
    let mut a = [0u8; 20];
    unsafe { hostio::contract_address(a.as_mut_ptr()) };
    U256::from_address(&a)
}

pub fn is_reentrant() -> bool {
    unsafe { hostio::msg_reentrant() != 0 }
}

/// A call's outcome: success, and the return (or revert) data.
pub struct CallResult {
    pub success: bool,
    pub data: &'static [u8],
}

/// Which call: CALL (with value), STATICCALL or DELEGATECALL.
#[derive(Clone, Copy)]
pub enum CallKind {
    Call,
    Static,
    Delegate,
}

/// Calls `to` with `data`; `gas` u64::MAX forwards all the 63/64 rule allows.
pub fn call(kind: CallKind, to: U256, data: &[u8], value: U256, gas: u64) -> CallResult {
    let addr = to.to_address();
    let v = value.to_be_bytes();
    let mut ret_len: usize = 0;
    let status = unsafe {
        match kind {
            CallKind::Call => hostio::call_contract(addr.as_ptr(), data.as_ptr(), data.len(), v.as_ptr(), gas, &mut ret_len),
            CallKind::Static => hostio::static_call_contract(addr.as_ptr(), data.as_ptr(), data.len(), gas, &mut ret_len),
            CallKind::Delegate => hostio::delegate_call_contract(addr.as_ptr(), data.as_ptr(), data.len(), gas, &mut ret_len),
        }
    };
    let buf = heap::alloc(ret_len);
    if ret_len > 0 {
        unsafe { hostio::read_return_data(buf.as_mut_ptr(), 0, ret_len) };
    }
    CallResult { success: status == 0, data: buf }
}

/// The SIMD co-processor (int8/int32 vector math, contracts/coprocessors/ILanesSimd.sol's ABI), 0x…0c01.
pub const SIMD_ADDRESS: U256 = U256::from_u64(0x0c01);
/// The Groth16 (BN254) verifier co-processor, 0x…0c02: reach it with [`call`] and ILanesGroth16's ABI.
pub const GROTH16_ADDRESS: U256 = U256::from_u64(0x0c02);

fn padded_len(n: usize) -> usize {
    (n + 31) & !31
}

/// A static call to the SIMD co-processor; a failure reverts the caller with its revert data.
fn simd_call(data: &[u8]) -> &'static [u8] {
    let r = call(CallKind::Static, SIMD_ADDRESS, data, U256::ZERO, u64::MAX);
    if !r.success || r.data.len() < 32 {
        revert(r.data);
    }
    r.data
}

fn word_u32(r: &[u8], i: usize) -> u32 {
    u32::from_be_bytes([r[32 * i + 28], r[32 * i + 29], r[32 * i + 30], r[32 * i + 31]])
}

/// sum(a[i] * b[i]) over int8 vectors of equal length (wrapping modulo 2^32).
pub fn simd_dot(a: &[u8], b: &[u8]) -> i32 {
    let w = Writer::new(4 + 128 + padded_len(a.len()) + padded_len(b.len()))
        .selector(0x03421bcb) // dot(bytes,bytes)
        .word(U256::from_u64(0x40))
        .word(U256::from_u64((0x60 + padded_len(a.len())) as u64))
        .word(U256::from_u64(a.len() as u64))
        .padded(a)
        .word(U256::from_u64(b.len() as u64))
        .padded(b);
    word_u32(simd_call(w.bytes()), 0) as i32
}

/// y = W x: W int8 rows x cols (row-major), x int8 cols; y int32 rows, big-endian (4 bytes each).
pub fn simd_mat_vec(weights: &[u8], rows: u64, cols: u64, x: &[u8]) -> &'static [u8] {
    let w = Writer::new(4 + 192 + padded_len(weights.len()) + padded_len(x.len()))
        .selector(0x79e01f27) // matVec(bytes,uint256,uint256,bytes)
        .word(U256::from_u64(0x80))
        .word(U256::from_u64(rows))
        .word(U256::from_u64(cols))
        .word(U256::from_u64((0xa0 + padded_len(weights.len())) as u64))
        .word(U256::from_u64(weights.len() as u64))
        .padded(weights)
        .word(U256::from_u64(x.len() as u64))
        .padded(x);
    let r = simd_call(w.bytes());
    // The returned `bytes`: offset word, then length word and data at that offset.
    let at = word_u32(r, 0) as usize;
    if at + 32 > r.len() {
        revert_message("bad co-processor reply");
    }
    let n = u32::from_be_bytes([r[at + 28], r[at + 29], r[at + 30], r[at + 31]]) as usize;
    if at + 32 + n > r.len() {
        revert_message("bad co-processor reply");
    }
    &r[at + 32..at + 32 + n]
}

/// The first index of the largest int32 of a non-empty big-endian int32 vector.
pub fn simd_argmax(x: &[u8]) -> u32 {
    let w = Writer::new(4 + 64 + padded_len(x.len()))
        .selector(0x76073be9) // argmax(bytes)
        .word(U256::from_u64(0x20))
        .word(U256::from_u64(x.len() as u64))
        .padded(x);
    word_u32(simd_call(w.bytes()), 0)
}

/// Defines `user_entrypoint`, calling `$handler(Calldata) -> Result<Output, Output>`: Ok returns the
/// output, Err reverts with it.
#[macro_export]
macro_rules! entrypoint {
    ($handler:path) => {
        #[no_mangle]
        pub extern "C" fn user_entrypoint(len: usize) -> usize {
            let args = $crate::Calldata::read(len);
            match $handler(args) {
                Ok(out) => {
                    unsafe { $crate::hostio::write_result(out.as_ptr(), out.len()) };
                    0
                }
                Err(data) => {
                    unsafe { $crate::hostio::write_result(data.as_ptr(), data.len()) };
                    1
                }
            }
        }
    };
}

#[panic_handler]
fn on_panic(_: &core::panic::PanicInfo) -> ! {
    // Panic(0x01), Solidity's assertion failure code.
    panic_code(0x01)
}
