// Exceptional halts. Thrown as preallocated singletons (no stack capture) and caught at the frame boundary;
// every exceptional halt consumes all gas of the frame.

export class EvmHalt {
  constructor(readonly reason: string) {}
}

export const OUT_OF_GAS = new EvmHalt("out of gas");
export const STACK_UNDERFLOW = new EvmHalt("stack underflow");
export const STACK_OVERFLOW = new EvmHalt("stack overflow");
export const INVALID_OPCODE = new EvmHalt("invalid opcode");
export const INVALID_JUMP = new EvmHalt("invalid jump destination");
export const WRITE_PROTECTION = new EvmHalt("write protection");
export const RETURN_DATA_OUT_OF_BOUNDS = new EvmHalt("return data out of bounds");
export const INITCODE_TOO_LARGE = new EvmHalt("max initcode size exceeded");
