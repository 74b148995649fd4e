// The call's and block's context: msg.sender, msg.value, this contract, the transaction and the block.
import {
  block_number,
  block_timestamp,
  chainid,
  contract_address,
  evm_gas_left,
  msg_reentrant,
  msg_sender,
  msg_value,
  tx_origin,
} from "./hostio";
import { U256 } from "./u256";

const BUF: usize = memory.data(32);

export function msgSender(): U256 {
  msg_sender(BUF);
  return U256.loadAddress(BUF);
}

export function msgValue(): U256 {
  msg_value(BUF);
  return U256.load(BUF);
}

export function thisAddress(): U256 {
  contract_address(BUF);
  return U256.loadAddress(BUF);
}

export function txOrigin(): U256 {
  tx_origin(BUF);
  return U256.loadAddress(BUF);
}

export function isReentrant(): bool {
  return msg_reentrant() != 0;
}

export function blockNumber(): u64 {
  return block_number();
}

export function blockTimestamp(): u64 {
  return block_timestamp();
}

export function chainId(): u64 {
  return chainid();
}

export function gasLeft(): u64 {
  return evm_gas_left();
}
