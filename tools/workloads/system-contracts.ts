// The Prague system contracts, part of every workload's genesis so that both engines run the real
// pre/post-block system calls: the EIP-4788 beacon-root and EIP-2935 block-hash writes before the
// transactions, and the EIP-7002/7251 request queue reads after them.
export {
  type Predeploy,
  SYSTEM_CONTRACTS,
  systemContractCode,
} from "../../src/block/system-calls/predeploys.js";
