/*
 * Lanes C SDK (header-only): contracts in C for Lanes (and Arbitrum Stylus: the host functions are Stylus's
 * vm_hooks). Build with `lanes contract build file.c`, which runs
 *   clang --target=wasm32 -O2 -nostdlib -mbulk-memory -Wl,--no-entry ...
 * A contract defines `int handle(lanes_calldata args)` and says LANES_ENTRYPOINT(handle); handle returns 0
 * (success, output set with lanes_return_*) or reverts through lanes_revert_* (which never return).
 * 256-bit values are u256 (four 64-bit limbs, least significant first); addresses are u256 below 2^160.
 * Storage follows Solidity's layout: mapping entries at keccak256(key . slot).
 */
#ifndef LANES_H
#define LANES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- host functions (vm_hooks) ---- */
#define LANES_HOST(name) __attribute__((import_module("vm_hooks"), import_name(#name)))
LANES_HOST(read_args) void read_args(uint8_t *dest);
LANES_HOST(write_result) void write_result(const uint8_t *data, size_t len);
LANES_HOST(exit_early) void exit_early(uint32_t status);
LANES_HOST(storage_load_bytes32) void storage_load_bytes32(const uint8_t *key, uint8_t *dest);
LANES_HOST(storage_cache_bytes32) void storage_cache_bytes32(const uint8_t *key, const uint8_t *value);
LANES_HOST(storage_flush_cache) void storage_flush_cache(uint32_t clear);
LANES_HOST(call_contract)
uint32_t call_contract(const uint8_t *contract, const uint8_t *data, size_t len, const uint8_t *value, uint64_t gas,
                       size_t *return_data_len);
LANES_HOST(delegate_call_contract)
uint32_t delegate_call_contract(const uint8_t *contract, const uint8_t *data, size_t len, uint64_t gas,
                                size_t *return_data_len);
LANES_HOST(static_call_contract)
uint32_t static_call_contract(const uint8_t *contract, const uint8_t *data, size_t len, uint64_t gas,
                              size_t *return_data_len);
LANES_HOST(read_return_data) size_t read_return_data(uint8_t *dest, size_t offset, size_t size);
LANES_HOST(return_data_size) size_t return_data_size(void);
LANES_HOST(emit_log) void emit_log(const uint8_t *data, size_t len, size_t topics);
LANES_HOST(account_balance) void account_balance(const uint8_t *address, uint8_t *dest);
LANES_HOST(contract_address) void contract_address(uint8_t *dest);
LANES_HOST(msg_sender) void msg_sender(uint8_t *dest);
LANES_HOST(msg_value) void msg_value(uint8_t *dest);
LANES_HOST(msg_reentrant) uint32_t msg_reentrant(void);
LANES_HOST(tx_origin) void tx_origin(uint8_t *dest);
LANES_HOST(block_number) uint64_t block_number(void);
LANES_HOST(block_timestamp) uint64_t block_timestamp(void);
LANES_HOST(chainid) uint64_t chainid(void);
LANES_HOST(evm_gas_left) uint64_t evm_gas_left(void);
LANES_HOST(native_keccak256) void native_keccak256(const uint8_t *bytes, size_t len, uint8_t *output);
LANES_HOST(pay_for_memory_grow) void pay_for_memory_grow(uint32_t pages);

/* ---- freestanding memory functions (clang may call them for struct copies) ---- */
__attribute__((weak)) void *memcpy(void *dst, const void *src, size_t n) {
  __builtin_memcpy(dst, src, n);
  return dst;
}
__attribute__((weak)) void *memset(void *dst, int c, size_t n) {
  __builtin_memset(dst, c, n);
  return dst;
}
__attribute__((weak)) void *memmove(void *dst, const void *src, size_t n) {
  __builtin_memmove(dst, src, n);
  return dst;
}

/* ---- bump allocator: an instance lives for one call, so nothing is freed ---- */
extern unsigned char __heap_base;
static size_t lanes_heap_top = 0;

static inline void *lanes_alloc(size_t size) {
  if (lanes_heap_top == 0) lanes_heap_top = (size_t)&__heap_base;
  size_t start = (lanes_heap_top + 15) & ~(size_t)15;
  size_t end = start + size;
  size_t have = __builtin_wasm_memory_size(0) * 65536;
  if (end > have) {
    size_t pages = (end - have + 65535) / 65536;
    if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) __builtin_trap();
  }
  lanes_heap_top = end;
  return (void *)start;
}

/* ---- 256-bit words ---- */
typedef struct {
  uint64_t limb[4]; /* limb[0] is the least significant */
} u256;

/* A constant from its four 64-bit chunks in big-endian order (as a hash is written). */
#define U256_BE(a, b, c, d) {{(d), (c), (b), (a)}}

static inline u256 u256_from_u64(uint64_t v) {
  u256 r = {{v, 0, 0, 0}};
  return r;
}
static inline uint64_t lanes_be64(const uint8_t *p) { return __builtin_bswap64(*(const uint64_t *)p); }
static inline void lanes_put_be64(uint8_t *p, uint64_t v) { *(uint64_t *)p = __builtin_bswap64(v); }

/* Reads a big-endian 32-byte word. */
static inline u256 u256_load(const uint8_t *p) {
  u256 r = {{lanes_be64(p + 24), lanes_be64(p + 16), lanes_be64(p + 8), lanes_be64(p)}};
  return r;
}
static inline void u256_store(u256 v, uint8_t *p) {
  lanes_put_be64(p, v.limb[3]);
  lanes_put_be64(p + 8, v.limb[2]);
  lanes_put_be64(p + 16, v.limb[1]);
  lanes_put_be64(p + 24, v.limb[0]);
}
/* Reads a 20-byte address. */
static inline u256 u256_load_address(const uint8_t *p) {
  u256 r = {{lanes_be64(p + 12), lanes_be64(p + 4), __builtin_bswap32(*(const uint32_t *)p), 0}};
  return r;
}
static inline void u256_store_address(u256 v, uint8_t *p) {
  *(uint32_t *)p = __builtin_bswap32((uint32_t)v.limb[2]);
  lanes_put_be64(p + 4, v.limb[1]);
  lanes_put_be64(p + 12, v.limb[0]);
}
static inline bool u256_is_zero(u256 a) { return (a.limb[0] | a.limb[1] | a.limb[2] | a.limb[3]) == 0; }
static inline bool u256_eq(u256 a, u256 b) {
  return a.limb[0] == b.limb[0] && a.limb[1] == b.limb[1] && a.limb[2] == b.limb[2] && a.limb[3] == b.limb[3];
}
static inline bool u256_lt(u256 a, u256 b) {
  for (int i = 3; i >= 0; i--)
    if (a.limb[i] != b.limb[i]) return a.limb[i] < b.limb[i];
  return false;
}
static inline bool u256_is_address(u256 a) { return a.limb[3] == 0 && (a.limb[2] >> 32) == 0; }
/* Wrapping addition and subtraction. */
static inline u256 u256_add(u256 a, u256 b) {
  u256 r;
  uint64_t carry = 0;
  for (int i = 0; i < 4; i++) {
    uint64_t s = a.limb[i] + b.limb[i];
    uint64_t c1 = s < a.limb[i];
    r.limb[i] = s + carry;
    carry = c1 | (r.limb[i] < s);
  }
  return r;
}
static inline u256 u256_sub(u256 a, u256 b) {
  u256 r;
  uint64_t borrow = 0;
  for (int i = 0; i < 4; i++) {
    uint64_t d = a.limb[i] - b.limb[i];
    uint64_t b1 = a.limb[i] < b.limb[i];
    r.limb[i] = d - borrow;
    borrow = b1 | (d < borrow);
  }
  return r;
}

/* ---- ending a call ---- */
static inline __attribute__((noreturn)) void lanes_revert_bytes(const uint8_t *data, size_t len) {
  write_result(data, len);
  exit_early(1);
  __builtin_unreachable();
}
/* Reverts with a custom error: a 4-byte selector followed by ABI words. */
static inline __attribute__((noreturn)) void lanes_revert_error(uint32_t selector, const u256 *words, size_t n) {
  uint8_t *buf = (uint8_t *)lanes_alloc(4 + 32 * n);
  *(uint32_t *)buf = __builtin_bswap32(selector);
  for (size_t i = 0; i < n; i++) u256_store(words[i], buf + 4 + 32 * i);
  lanes_revert_bytes(buf, 4 + 32 * n);
}
/* Reverts with Panic(code), as Solidity does for arithmetic overflow (0x11). */
static inline __attribute__((noreturn)) void lanes_panic(uint64_t code) {
  u256 w = u256_from_u64(code);
  lanes_revert_error(0x4e487b71, &w, 1);
}
/* Reverts with Error(string), Solidity's revert("message"). */
static inline __attribute__((noreturn)) void lanes_revert_message(const char *message) {
  size_t n = 0;
  while (message[n]) n++;
  size_t padded = (n + 31) & ~(size_t)31;
  uint8_t *buf = (uint8_t *)lanes_alloc(68 + padded);
  __builtin_memset(buf, 0, 68 + padded);
  *(uint32_t *)buf = __builtin_bswap32(0x08c379a0);
  buf[35] = 0x20;
  *(uint32_t *)(buf + 64) = __builtin_bswap32((uint32_t)n);
  __builtin_memcpy(buf + 68, message, n);
  lanes_revert_bytes(buf, 68 + padded);
}
static inline u256 u256_checked_add(u256 a, u256 b) {
  u256 r = u256_add(a, b);
  if (u256_lt(r, a)) lanes_panic(0x11);
  return r;
}
static inline u256 u256_checked_sub(u256 a, u256 b) {
  if (u256_lt(a, b)) lanes_panic(0x11);
  return u256_sub(a, b);
}

/* ---- calldata ---- */
typedef struct {
  const uint8_t *ptr;
  size_t len;
} lanes_calldata;

static inline uint32_t lanes_selector(lanes_calldata c) {
  return c.len < 4 ? 0 : __builtin_bswap32(*(const uint32_t *)c.ptr);
}
/* The i-th 32-byte argument word; reverts when the calldata is too short. */
static inline u256 lanes_arg(lanes_calldata c, size_t i) {
  if (4 + 32 * i + 32 > c.len) lanes_revert_message("calldata too short");
  return u256_load(c.ptr + 4 + 32 * i);
}
/* The i-th argument as an address; reverts when its upper bits are set, as Solidity does. */
static inline u256 lanes_arg_address(lanes_calldata c, size_t i) {
  u256 a = lanes_arg(c, i);
  if (!u256_is_address(a)) lanes_revert_bytes(0, 0);
  return a;
}
/* The `bytes` argument whose head word is at index i: its data pointer and length. */
static inline lanes_calldata lanes_arg_bytes(lanes_calldata c, size_t i) {
  u256 off = lanes_arg(c, i);
  size_t at = 4 + (size_t)off.limb[0];
  if (off.limb[1] | off.limb[2] | off.limb[3] || at + 32 > c.len) lanes_revert_message("bad bytes offset");
  u256 n = u256_load(c.ptr + at);
  if (n.limb[1] | n.limb[2] | n.limb[3] || at + 32 + n.limb[0] > c.len) lanes_revert_message("bad bytes length");
  lanes_calldata r = {c.ptr + at + 32, (size_t)n.limb[0]};
  return r;
}

/* The `bytes` whose head word is word i of ABI data without a selector (return data). */
static inline lanes_calldata lanes_arg_bytes_at(lanes_calldata d, size_t i) {
  if (32 * i + 32 > d.len) lanes_revert_message("bad bytes offset");
  u256 off = u256_load(d.ptr + 32 * i);
  size_t at = (size_t)off.limb[0];
  if (off.limb[1] | off.limb[2] | off.limb[3] || (off.limb[0] >> 32) || at + 32 > d.len)
    lanes_revert_message("bad bytes offset");
  u256 n = u256_load(d.ptr + at);
  if (n.limb[1] | n.limb[2] | n.limb[3] || (n.limb[0] >> 32) || at + 32 + n.limb[0] > d.len)
    lanes_revert_message("bad bytes length");
  lanes_calldata r = {d.ptr + at + 32, (size_t)n.limb[0]};
  return r;
}

/* ---- returning ---- */
static inline int lanes_return_bytes(const uint8_t *data, size_t len) {
  write_result(data, len);
  return 0;
}
static inline int lanes_return_u256(u256 v) {
  uint8_t *buf = (uint8_t *)lanes_alloc(32);
  u256_store(v, buf);
  return lanes_return_bytes(buf, 32);
}
static inline int lanes_return_bool(bool b) { return lanes_return_u256(u256_from_u64(b ? 1 : 0)); }
/* ABI-encodes (bool ok, bytes data). */
static inline int lanes_return_bool_bytes(bool ok, const uint8_t *data, size_t len) {
  size_t padded = (len + 31) & ~(size_t)31;
  uint8_t *buf = (uint8_t *)lanes_alloc(96 + padded);
  __builtin_memset(buf, 0, 96 + padded);
  buf[31] = ok ? 1 : 0;
  buf[63] = 0x40;
  u256_store(u256_from_u64(len), buf + 64);
  if (len) __builtin_memcpy(buf + 96, data, len);
  return lanes_return_bytes(buf, 96 + padded);
}
/* An unknown selector reverts with empty data, as Solidity does without a fallback. */
static inline int lanes_unknown_selector(void) { lanes_revert_bytes(0, 0); }

/* ---- storage ---- */
static inline u256 lanes_keccak(const uint8_t *data, size_t len) {
  uint8_t out[32];
  native_keccak256(data, len, out);
  return u256_load(out);
}
static inline u256 lanes_sload(u256 slot) {
  uint8_t key[32], value[32];
  u256_store(slot, key);
  storage_load_bytes32(key, value);
  return u256_load(value);
}
static inline void lanes_sstore(u256 slot, u256 v) {
  uint8_t key[32], value[32];
  u256_store(slot, key);
  u256_store(v, value);
  storage_cache_bytes32(key, value);
}
/* The slot of mapping[key] for a mapping declared at `slot`. */
static inline u256 lanes_map_slot(u256 slot, u256 key) {
  uint8_t buf[64];
  u256_store(key, buf);
  u256_store(slot, buf + 32);
  return lanes_keccak(buf, 64);
}

/* ---- events: topics, then data words ---- */
static inline void lanes_emit(const u256 *topics, size_t ntopics, const u256 *data, size_t nwords) {
  size_t len = 32 * (ntopics + nwords);
  uint8_t *buf = (uint8_t *)lanes_alloc(len);
  for (size_t i = 0; i < ntopics; i++) u256_store(topics[i], buf + 32 * i);
  for (size_t i = 0; i < nwords; i++) u256_store(data[i], buf + 32 * (ntopics + i));
  emit_log(buf, len, ntopics);
}

/* ---- context ---- */
static inline u256 lanes_msg_sender(void) {
  uint8_t a[20];
  msg_sender(a);
  return u256_load_address(a);
}
static inline u256 lanes_msg_value(void) {
  uint8_t v[32];
  msg_value(v);
  return u256_load(v);
}
static inline u256 lanes_this(void) {
  uint8_t a[20];
  contract_address(a);
  return u256_load_address(a);
}

/* ---- calls (gas: UINT64_MAX forwards all the 63/64 rule allows) ---- */
typedef struct {
  bool success;
  uint8_t *data; /* return data, or revert data when !success */
  size_t len;
} lanes_result;

enum lanes_call_kind { LANES_CALL, LANES_STATIC_CALL, LANES_DELEGATE_CALL };

static inline lanes_result lanes_call_kind(enum lanes_call_kind kind, u256 to, const uint8_t *data, size_t len,
                                           u256 value, uint64_t gas) {
  uint8_t addr[20], val[32];
  size_t ret_len = 0;
  uint32_t status;
  u256_store_address(to, addr);
  u256_store(value, val);
  if (kind == LANES_CALL)
    status = call_contract(addr, data, len, val, gas, &ret_len);
  else if (kind == LANES_STATIC_CALL)
    status = static_call_contract(addr, data, len, gas, &ret_len);
  else
    status = delegate_call_contract(addr, data, len, gas, &ret_len);
  lanes_result r = {status == 0, (uint8_t *)lanes_alloc(ret_len), ret_len};
  if (ret_len) read_return_data(r.data, 0, ret_len);
  return r;
}
static inline lanes_result lanes_call(u256 to, const uint8_t *data, size_t len, u256 value) {
  return lanes_call_kind(LANES_CALL, to, data, len, value, UINT64_MAX);
}

/* ---- co-processors: contracts/coprocessors/ILanesSimd.sol's ABI at their reserved addresses ---- */
#define LANES_SIMD_ADDRESS 0x0c01    /* int8/int32 vector math */
#define LANES_GROTH16_ADDRESS 0x0c02 /* Groth16 over BN254: ILanesGroth16's ABI through lanes_call_kind */

static inline size_t lanes_padded(size_t n) { return (n + 31) & ~(size_t)31; }
/* Writes an ABI `bytes` tail (length word, data, zero padding) at p; returns the end. */
static inline uint8_t *lanes_put_abi_bytes(uint8_t *p, const uint8_t *data, size_t len) {
  u256_store(u256_from_u64(len), p);
  __builtin_memset(p + 32, 0, lanes_padded(len));
  if (len) __builtin_memcpy(p + 32, data, len);
  return p + 32 + lanes_padded(len);
}
/* A static call to the SIMD co-processor; a failure reverts the caller with its revert data. */
static inline lanes_result lanes_simd_call(const uint8_t *data, size_t len) {
  lanes_result r = lanes_call_kind(LANES_STATIC_CALL, u256_from_u64(LANES_SIMD_ADDRESS), data, len, u256_from_u64(0),
                                   UINT64_MAX);
  if (!r.success || r.len < 32) lanes_revert_bytes(r.data, r.len);
  return r;
}
static inline uint8_t *lanes_simd_head(size_t size, uint32_t selector) {
  uint8_t *buf = (uint8_t *)lanes_alloc(size);
  *(uint32_t *)buf = __builtin_bswap32(selector);
  return buf;
}
/* sum(a[i] * b[i]) over int8 vectors of equal length (wrapping modulo 2^32). */
static inline int32_t lanes_simd_dot(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
  size_t size = 4 + 64 + 32 + lanes_padded(alen) + 32 + lanes_padded(blen);
  uint8_t *buf = lanes_simd_head(size, 0x03421bcb); /* dot(bytes,bytes) */
  u256_store(u256_from_u64(0x40), buf + 4);
  u256_store(u256_from_u64(0x60 + lanes_padded(alen)), buf + 36);
  lanes_put_abi_bytes(lanes_put_abi_bytes(buf + 68, a, alen), b, blen);
  lanes_result r = lanes_simd_call(buf, size);
  return (int32_t)__builtin_bswap32(*(const uint32_t *)(r.data + 28));
}
/* y = W x: W int8 rows x cols (row-major), x int8 cols; y int32 rows, big-endian (4 bytes each). */
static inline lanes_calldata lanes_simd_mat_vec(const uint8_t *w, size_t wlen, uint64_t rows, uint64_t cols,
                                                const uint8_t *x, size_t xlen) {
  size_t size = 4 + 128 + 32 + lanes_padded(wlen) + 32 + lanes_padded(xlen);
  uint8_t *buf = lanes_simd_head(size, 0x79e01f27); /* matVec(bytes,uint256,uint256,bytes) */
  u256_store(u256_from_u64(0x80), buf + 4);
  u256_store(u256_from_u64(rows), buf + 36);
  u256_store(u256_from_u64(cols), buf + 68);
  u256_store(u256_from_u64(0xa0 + lanes_padded(wlen)), buf + 100);
  lanes_put_abi_bytes(lanes_put_abi_bytes(buf + 132, w, wlen), x, xlen);
  lanes_result r = lanes_simd_call(buf, size);
  lanes_calldata out = {r.data, r.len};
  return lanes_arg_bytes_at(out, 0); /* the returned `bytes` */
}
/* The first index of the largest int32 of a non-empty big-endian int32 vector. */
static inline uint32_t lanes_simd_argmax(const uint8_t *x, size_t xlen) {
  size_t size = 4 + 32 + 32 + lanes_padded(xlen);
  uint8_t *buf = lanes_simd_head(size, 0x76073be9); /* argmax(bytes) */
  u256_store(u256_from_u64(0x20), buf + 4);
  lanes_put_abi_bytes(buf + 36, x, xlen);
  lanes_result r = lanes_simd_call(buf, size);
  return __builtin_bswap32(*(const uint32_t *)(r.data + 28));
}

/* ---- the entry point ---- */
#define LANES_ENTRYPOINT(handler)                                                                  \
  __attribute__((export_name("user_entrypoint"))) int user_entrypoint(int len) {                 \
    pay_for_memory_grow(0); /* keeps the import: memory growth is priced (as in Stylus) */        \
    uint8_t *args = (uint8_t *)lanes_alloc((size_t)len);                                          \
    read_args(args);                                                                               \
    lanes_calldata c = {args, (size_t)len};                                                        \
    return handler(c);                                                                             \
  }

#endif
