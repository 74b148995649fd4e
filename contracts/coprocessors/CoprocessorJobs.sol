// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice What a job's callback target implements.
interface IJobCallback {
    function onJobResult(uint256 jobId, bytes calldata output) external;
}

/// @title The async co-processor job queue (system contract at 0x0c10 on Lanes chains)
/// @notice A contract posts a job: co-processor id, input (its keccak256 is the input commitment; the input
/// itself is published in the JobPosted log so any verifier can re-execute it), callback, fee (msg.value)
/// and deadline (a block number). The node runs the job off the block's critical path and returns the
/// result in a later block through a system transaction from `operator`: `fulfill` records keccak256(output)
/// as the output commitment, pays the fee to the operator and calls the callback. A job still pending after
/// its deadline can be refunded by anyone; the fee goes back to the poster.
contract CoprocessorJobs {
    enum Status {
        None,
        Pending,
        Fulfilled,
        Refunded
    }

    struct Job {
        address requester;
        uint64 coprocessorId;
        uint64 postedAt;
        uint64 deadline;
        address callback;
        uint32 callbackGas;
        Status status;
        uint256 fee;
        bytes32 inputCommitment;
        bytes32 outputCommitment;
    }

    /// Slot 0: the node's system account (set in the genesis state of a Lanes chain, or by the constructor).
    address public operator;
    /// Slot 1.
    uint256 public jobCount;
    /// Slot 2.
    mapping(uint256 => Job) private jobs;

    uint32 public constant MAX_CALLBACK_GAS = 5_000_000;

    event JobPosted(
        uint256 indexed jobId,
        uint64 indexed coprocessorId,
        address indexed requester,
        bytes32 inputCommitment,
        address callback,
        uint32 callbackGas,
        uint256 fee,
        uint64 deadline,
        bytes input
    );
    event JobFulfilled(uint256 indexed jobId, bytes32 outputCommitment, bool callbackSucceeded);
    event JobRefunded(uint256 indexed jobId, address indexed requester, uint256 fee);

    constructor(address operator_) {
        operator = operator_;
    }

    function post(uint64 coprocessorId, bytes calldata input, address callback, uint32 callbackGas, uint64 deadline)
        external
        payable
        returns (uint256 jobId)
    {
        require(deadline > block.number, "CoprocessorJobs: deadline passed");
        require(callbackGas <= MAX_CALLBACK_GAS, "CoprocessorJobs: callback gas too high");
        jobId = jobCount++;
        bytes32 commitment = keccak256(input);
        jobs[jobId] = Job({
            requester: msg.sender,
            coprocessorId: coprocessorId,
            postedAt: uint64(block.number),
            deadline: deadline,
            callback: callback,
            callbackGas: callbackGas,
            status: Status.Pending,
            fee: msg.value,
            inputCommitment: commitment,
            outputCommitment: bytes32(0)
        });
        emit JobPosted(jobId, coprocessorId, msg.sender, commitment, callback, callbackGas, msg.value, deadline, input);
    }

    /// The result of a pending job, from the operator, in a block after the one that posted it.
    function fulfill(uint256 jobId, bytes calldata output) external {
        require(msg.sender == operator, "CoprocessorJobs: not the operator");
        Job storage job = jobs[jobId];
        require(job.status == Status.Pending, "CoprocessorJobs: not pending");
        require(block.number > job.postedAt, "CoprocessorJobs: same block");
        require(block.number <= job.deadline, "CoprocessorJobs: past deadline");
        bytes32 commitment = keccak256(output);
        job.status = Status.Fulfilled;
        job.outputCommitment = commitment;
        bool ok = true;
        if (job.callback != address(0)) {
            // The operator must give the callback the gas the poster asked for (63/64 rule, EIP-150).
            require(gasleft() > (uint256(job.callbackGas) * 64) / 63 + 10_000, "CoprocessorJobs: callback gas");
            (ok,) = job.callback.call{gas: job.callbackGas}(abi.encodeCall(IJobCallback.onJobResult, (jobId, output)));
        }
        uint256 fee = job.fee;
        if (fee > 0) {
            (bool paid,) = payable(operator).call{value: fee}("");
            require(paid, "CoprocessorJobs: fee transfer failed");
        }
        emit JobFulfilled(jobId, commitment, ok);
    }

    /// Returns the fee of a job still pending after its deadline to its poster (anyone may call).
    function refund(uint256 jobId) external {
        Job storage job = jobs[jobId];
        require(job.status == Status.Pending, "CoprocessorJobs: not pending");
        require(block.number > job.deadline, "CoprocessorJobs: before deadline");
        job.status = Status.Refunded;
        uint256 fee = job.fee;
        address requester = job.requester;
        (bool paid,) = payable(requester).call{value: fee}("");
        require(paid, "CoprocessorJobs: refund failed");
        emit JobRefunded(jobId, requester, fee);
    }

    function getJob(uint256 jobId) external view returns (Job memory) {
        return jobs[jobId];
    }
}
