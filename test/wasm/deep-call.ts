// A contract that calls itself `depth` times through call_contract and returns how deep it got (4 bytes,
// little-endian); a failed nested call makes every frame above it revert.
export const DEEP_CALL_WAT = `(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "contract_address" (func $contract_address (param i32)))
  (import "vm_hooks" "call_contract" (func $call (param i32 i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "read_return_data" (func $read_return_data (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (call $read_args (i32.const 0))
    (if (i32.eqz (i32.load (i32.const 0)))
      (then
        (i32.store (i32.const 100) (i32.const 0))
        (call $write_result (i32.const 100) (i32.const 4))
        (return (i32.const 0))))
    (i32.store (i32.const 0) (i32.sub (i32.load (i32.const 0)) (i32.const 1)))
    (call $contract_address (i32.const 32))
    (if (call $call (i32.const 32) (i32.const 0) (i32.const 4) (i32.const 64) (i64.const -1) (i32.const 200))
      (then (return (i32.const 1))))
    (drop (call $read_return_data (i32.const 100) (i32.const 0) (i32.const 4)))
    (i32.store (i32.const 100) (i32.add (i32.load (i32.const 100)) (i32.const 1)))
    (call $write_result (i32.const 100) (i32.const 4))
    (i32.const 0)))`;

export function depthInput(depth: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, depth, true);
  return b;
}
