// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ILanesSimd} from "./ILanesSimd.sol";
import {Blobs, LanesCoprocessors} from "./LanesCoprocessors.sol";

/// @title On-chain int8 MLP inference through the Lanes SIMD co-processor
/// @notice A model is a stack of dense layers with int8 weights (SSTORE2 blobs, row-major, rows x cols) and
/// int32 biases. Every layer but the last is y = requantize(relu(W x + b), scale, shift) -> int8; the last
/// gives int32 scores, and the class is their argmax. `infer` runs the arithmetic on the co-processor;
/// `inferSolidity` computes the same integers in plain Solidity, for comparison. Sealing writes a manifest
/// blob (shapes, requantization, weight blob addresses and biases) so inference reads two storage slots
/// and one blob per layer instead of every layer's storage.
contract ModelRegistry {
    struct Layer {
        uint32 rows;
        uint32 cols;
        int32 scale;
        uint8 shift;
        address bias;
        address[] weights;
        uint256 weightBytes;
    }

    struct Model {
        address owner;
        bool sealed_;
        uint32 inputs;
        /// Written by seal: inputs u32 | layer count u8 | per layer: rows u32, cols u32, scale i32, shift u8,
        /// inline u8, then either (inline) bias (rows int32, big-endian) and weights (rows x cols int8), or
        /// weight blob count u8, the weight blobs (20 bytes each) and bias.
        address manifest;
        Layer[] layers;
    }

    /// A layer as read from a manifest `d`: offsets into it, or the weight blobs.
    struct LayerView {
        uint256 rows;
        uint256 cols;
        int32 scale;
        uint8 shift;
        bool inline_;
        uint256 weightsAt;
        uint256 biasAt;
        address[] weights;
    }

    Model[] private models;
    /// modelId -> its manifest blob (zero until sealed): the one storage slot inference reads.
    mapping(uint256 => address) public manifestOf;

    event ModelCreated(uint256 indexed modelId, address indexed owner, uint32 inputs);
    event ModelSealed(uint256 indexed modelId);
    event Inferred(uint256 indexed modelId, address indexed caller, uint256 class, int32[] scores);

    function createModel(uint32 inputs) external returns (uint256 modelId) {
        modelId = models.length;
        Model storage m = models.push();
        m.owner = msg.sender;
        m.inputs = inputs;
        emit ModelCreated(modelId, msg.sender, inputs);
    }

    /// Adds a layer with its bias (int32 big-endian, rows x 4 bytes); weights follow with appendWeights.
    function addLayer(uint256 modelId, uint32 rows, uint32 cols, int32 scale, uint8 shift, bytes calldata bias)
        external
    {
        Model storage m = _owned(modelId);
        uint256 n = m.layers.length;
        uint32 expectedCols = n == 0 ? m.inputs : m.layers[n - 1].rows;
        require(cols == expectedCols, "ModelRegistry: cols do not match the previous layer");
        require(rows > 0 && bias.length == uint256(rows) * 4, "ModelRegistry: bias is not rows int32s");
        require(shift <= 62, "ModelRegistry: shift above 62");
        if (n > 0) {
            Layer storage prev = m.layers[n - 1];
            require(prev.weightBytes == uint256(prev.rows) * prev.cols, "ModelRegistry: previous layer incomplete");
        }
        Layer storage l = m.layers.push();
        l.rows = rows;
        l.cols = cols;
        l.scale = scale;
        l.shift = shift;
        l.bias = Blobs.write(bias);
    }

    /// Appends a chunk of the last layer's weights (row-major int8); at most Blobs.MAX_BYTES per chunk.
    function appendWeights(uint256 modelId, bytes calldata chunk) external {
        Model storage m = _owned(modelId);
        require(m.layers.length > 0, "ModelRegistry: no layer");
        Layer storage l = m.layers[m.layers.length - 1];
        require(l.weightBytes + chunk.length <= uint256(l.rows) * l.cols, "ModelRegistry: too many weights");
        l.weights.push(Blobs.write(chunk));
        l.weightBytes += chunk.length;
    }

    /// Freezes the model; inference needs a sealed model.
    function seal(uint256 modelId) external {
        Model storage m = _owned(modelId);
        require(m.layers.length > 0, "ModelRegistry: no layer");
        Layer storage l = m.layers[m.layers.length - 1];
        require(l.weightBytes == uint256(l.rows) * l.cols, "ModelRegistry: last layer incomplete");
        // Small models go into the manifest whole (weights inline): one blob for the whole inference.
        uint256 total = 5;
        for (uint256 i = 0; i < m.layers.length; ++i) {
            total += 15 + uint256(m.layers[i].rows) * (m.layers[i].cols + 4);
        }
        bool inline_ = total <= Blobs.MAX_BYTES;
        bytes memory manifest = abi.encodePacked(m.inputs, uint8(m.layers.length));
        for (uint256 i = 0; i < m.layers.length; ++i) {
            Layer storage k = m.layers[i];
            manifest = abi.encodePacked(manifest, k.rows, k.cols, k.scale, k.shift, uint8(inline_ ? 1 : 0));
            if (!inline_) {
                manifest = abi.encodePacked(manifest, uint8(k.weights.length));
                for (uint256 j = 0; j < k.weights.length; ++j) {
                    manifest = abi.encodePacked(manifest, k.weights[j]);
                }
            }
            manifest = abi.encodePacked(manifest, Blobs.read(k.bias));
            if (inline_) manifest = abi.encodePacked(manifest, Blobs.readAll(k.weights));
        }
        m.manifest = Blobs.write(manifest);
        manifestOf[modelId] = m.manifest;
        m.sealed_ = true;
        emit ModelSealed(modelId);
    }

    function modelCount() external view returns (uint256) {
        return models.length;
    }

    /// Shape of a model: input size, then per layer (rows, cols, scale, shift) and its blobs.
    function layerInfo(uint256 modelId, uint256 layer)
        external
        view
        returns (uint32 rows, uint32 cols, int32 scale, uint8 shift, address bias, address[] memory weights)
    {
        Layer storage l = models[modelId].layers[layer];
        return (l.rows, l.cols, l.scale, l.shift, l.bias, l.weights);
    }

    function modelInfo(uint256 modelId) external view returns (uint32 inputs, uint256 layers, bool sealed_) {
        Model storage m = models[modelId];
        return (m.inputs, m.layers.length, m.sealed_);
    }

    /// `infer` in a transaction, with the result in an Inferred log.
    function inferAndLog(uint256 modelId, bytes calldata input) external returns (uint256 class, int32[] memory scores) {
        (class, scores) = this.infer(modelId, input);
        emit Inferred(modelId, msg.sender, class, scores);
    }

    /// The class (argmax) and int32 scores of `input` (int8, one byte per feature), on the co-processor.
    /// The manifest is never loaded into memory whole: each layer's header is read from its code with
    /// EXTCODECOPY, and its bias and weights are copied from code straight into the `dense` call's buffer, so
    /// the weights cross memory once. Each layer's buffer reuses the memory of the previous one.
    function infer(uint256 modelId, bytes calldata input) public view returns (uint256 class, int32[] memory scores) {
        address manifest = manifestOf[modelId];
        require(manifest != address(0), "ModelRegistry: no such sealed model");
        uint256 end = Blobs.size(manifest);
        uint256 at = _codeUint(manifest, 0, 5); // inputs u32 | layer count u8
        require(at >> 8 == input.length, "ModelRegistry: input length");
        uint256 count = at & 0xff;
        at = 5;
        bytes memory x = input;
        for (uint256 i = 0; i < count; ++i) {
            (x, at) = _layer(manifest, at, end, x, i + 1 == count);
        }
        (class,) = LanesCoprocessors.SIMD.argmax(x);
        scores = LanesCoprocessors.toInt32Array(x);
    }

    /// The layer whose header is at `at` in the manifest applied to `x`: int8 activations for the next
    /// layer, or the int32 scores of the last one; and the manifest offset after the layer.
    function _layer(address manifest, uint256 at, uint256 end, bytes memory x, bool last)
        private
        view
        returns (bytes memory y, uint256 next)
    {
        require(at + 14 <= end, "ModelRegistry: bad manifest");
        uint256 hdr = _codeUint(manifest, at, 14); // rows u32 | cols u32 | scale i32 | shift u8 | inline u8
        require((hdr >> 48) & 0xffffffff == x.length, "ModelRegistry: bad manifest");
        (y, next) = _denseFromCode(manifest, at + 14, end, hdr, x, !last);
        if (!last) y = _requantize(y, int32(uint32(hdr >> 16)), uint8(hdr >> 8));
    }

    /// One `dense` call for the layer with header `hdr` whose blob list (not inline) or bias (inline) starts
    /// at `at` in the manifest; returns its int32 output and the manifest offset after the layer.
    function _denseFromCode(address manifest, uint256 at, uint256 end, uint256 hdr, bytes memory x, bool relu)
        private
        view
        returns (bytes memory y, uint256 next)
    {
        (uint256 buf, uint256 size, uint256 bDest) = _denseBuffer(hdr >> 80, (hdr >> 48) & 0xffffffff, x, relu);
        uint256 bLen = (hdr >> 80) * 4;
        uint256 wLen = (hdr >> 80) * ((hdr >> 48) & 0xffffffff);
        if (hdr & 0xff == 1) {
            next = at + bLen + wLen;
            require(next <= end, "ModelRegistry: bad manifest");
            assembly {
                extcodecopy(manifest, bDest, add(at, 1), bLen)
                extcodecopy(manifest, add(buf, 0xe4), add(add(at, bLen), 1), wLen)
            }
        } else {
            next = _copyBlobs(manifest, at, buf + 0xe4, wLen);
            require(next + bLen <= end, "ModelRegistry: bad manifest");
            assembly {
                extcodecopy(manifest, bDest, add(next, 1), bLen)
            }
            next += bLen;
        }
        y = _callSimd(buf, size);
    }

    /// A `dense` call buffer at the free memory pointer (not reserved): selector, head words and `x` written;
    /// the weights go at buf + 0xe4 and the bias at the returned `bDest`.
    function _denseBuffer(uint256 rows, uint256 cols, bytes memory x, bool relu)
        private
        pure
        returns (uint256 buf, uint256 size, uint256 bDest)
    {
        uint256 xOff = 0xe0 + ((rows * cols + 31) & ~uint256(31));
        uint256 bOff = xOff + 32 + ((x.length + 31) & ~uint256(31));
        size = 4 + bOff + 32 + ((rows * 4 + 31) & ~uint256(31));
        assembly {
            buf := mload(0x40)
        }
        _head(buf, rows, cols, xOff, bOff, relu);
        uint256 h = buf + 4;
        bDest = h + bOff + 32;
        assembly {
            let xLen := mload(x)
            mstore(add(h, xOff), xLen)
            mcopy(add(add(h, xOff), 32), add(x, 32), xLen)
            mstore(add(h, bOff), mul(rows, 4))
        }
    }

    /// Copies the weight blobs listed at `at` in the manifest (count u8, then 20-byte addresses) to `dest`;
    /// they must hold exactly `wLen` bytes. Returns the manifest offset after the list.
    function _copyBlobs(address manifest, uint256 at, uint256 dest, uint256 wLen) private view returns (uint256 next) {
        uint256 blobs = _codeUint(manifest, at, 1);
        next = at + 1 + 20 * blobs;
        uint256 copied = 0;
        for (uint256 j = 0; j < blobs; ++j) {
            address blob = address(uint160(_codeUint(manifest, at + 1 + 20 * j, 20)));
            uint256 n = Blobs.size(blob);
            require(copied + n <= wLen, "ModelRegistry: bad manifest");
            assembly {
                extcodecopy(blob, add(dest, copied), 1, n)
            }
            copied += n;
        }
        require(copied == wLen, "ModelRegistry: bad manifest");
    }

    /// requantize(y, scale, shift) on the co-processor, encoded in place.
    function _requantize(bytes memory y, int32 scale, uint8 shift) private view returns (bytes memory out) {
        bytes4 selector = ILanesSimd.requantize.selector;
        uint256 buf;
        uint256 size;
        assembly {
            buf := mload(0x40)
            let n := mload(y)
            mstore(buf, selector)
            mstore(add(buf, 0x04), 0x60)
            mstore(add(buf, 0x24), signextend(3, scale))
            mstore(add(buf, 0x44), and(shift, 0xff)) // a uint8 may carry dirty high bits in assembly
            mstore(add(buf, 0x64), n)
            mcopy(add(buf, 0x84), add(y, 32), n)
            size := add(0x84, and(add(n, 31), not(31)))
        }
        out = _callSimd(buf, size);
    }

    /// Calls the SIMD co-processor with the `size` bytes at `buf` and returns its `bytes` result, written at
    /// `buf` (over the call data) with the free memory pointer moved past it.
    function _callSimd(uint256 buf, uint256 size) private view returns (bytes memory y) {
        address simd = address(LanesCoprocessors.SIMD);
        bool ok;
        assembly {
            ok := staticcall(gas(), simd, buf, size, 0, 0)
        }
        require(ok, "ModelRegistry: SIMD co-processor call failed");
        assembly {
            // Return data: offset, length, the bytes (padded).
            y := buf
            returndatacopy(y, 32, 32)
            let n := mload(y)
            returndatacopy(add(y, 32), 64, n)
            mstore(0x40, add(y, add(32, and(add(n, 31), not(31)))))
        }
    }

    /// The big-endian unsigned integer of `size` (<= 32) bytes at `at` in the blob `pointer` (past its STOP).
    function _codeUint(address pointer, uint256 at, uint256 size) private view returns (uint256 v) {
        assembly {
            extcodecopy(pointer, 0, add(at, 1), 32)
            v := shr(sub(256, mul(size, 8)), mload(0))
        }
    }

    /// The same inference computed in plain Solidity (same blobs, same integers).
    function inferSolidity(uint256 modelId, bytes calldata input)
        external
        view
        returns (uint256 class, int32[] memory scores)
    {
        (bytes memory d, LayerView[] memory layers) = _layers(modelId, input.length);
        bytes memory x = input;
        uint256 last = layers.length - 1;
        for (uint256 i = 0; i <= last; ++i) {
            LayerView memory l = layers[i];
            (bytes memory w, uint256 w0) = l.inline_ ? (d, l.weightsAt) : (Blobs.readAll(l.weights), 0);
            uint256 rows = l.rows;
            uint256 cols = l.cols;
            int256[] memory acc = new int256[](rows);
            unchecked {
                for (uint256 r = 0; r < rows; ++r) {
                    int256 s = _int32(d, l.biasAt + 4 * r);
                    uint256 base = w0 + r * cols;
                    for (uint256 c = 0; c < cols; ++c) {
                        s += int256(int8(uint8(w[base + c]))) * int256(int8(uint8(x[c])));
                    }
                    acc[r] = int256(int32(s)); // wrap as the co-processor does
                }
            }
            if (i < last) {
                x = _requantizeRelu(acc, l.scale, l.shift);
            } else {
                scores = new int32[](rows);
                for (uint256 r = 0; r < rows; ++r) {
                    scores[r] = int32(acc[r]);
                    if (acc[r] > acc[class]) class = r;
                }
            }
        }
    }

    /// Selector and head words of a `dense` call at `buf`.
    function _head(uint256 buf, uint256 rows, uint256 cols, uint256 xOff, uint256 bOff, bool relu) private pure {
        bytes4 selector = ILanesSimd.dense.selector;
        assembly {
            mstore(buf, selector)
            let h := add(buf, 4)
            mstore(h, 0xc0)
            mstore(add(h, 0x20), rows)
            mstore(add(h, 0x40), cols)
            mstore(add(h, 0x60), xOff)
            mstore(add(h, 0x80), bOff)
            mstore(add(h, 0xa0), relu)
            mstore(add(h, 0xc0), mul(rows, cols))
        }
    }

    /// The manifest of a sealed model and its layers.
    function _layers(uint256 modelId, uint256 inputLength)
        private
        view
        returns (bytes memory d, LayerView[] memory layers)
    {
        address manifest = manifestOf[modelId];
        require(manifest != address(0), "ModelRegistry: no such sealed model");
        d = Blobs.read(manifest);
        require(inputLength == _uint(d, 0, 4), "ModelRegistry: input length");
        uint256 at = 5;
        layers = new LayerView[](_uint(d, 4, 1));
        for (uint256 i = 0; i < layers.length; ++i) {
            LayerView memory l = layers[i];
            l.rows = _uint(d, at, 4);
            l.cols = _uint(d, at + 4, 4);
            l.scale = int32(uint32(_uint(d, at + 8, 4)));
            l.shift = uint8(_uint(d, at + 12, 1));
            l.inline_ = _uint(d, at + 13, 1) == 1;
            at += 14;
            if (!l.inline_) {
                uint256 blobs = _uint(d, at, 1);
                at += 1;
                l.weights = new address[](blobs);
                for (uint256 j = 0; j < blobs; ++j) {
                    l.weights[j] = address(uint160(_uint(d, at, 20)));
                    at += 20;
                }
            }
            l.biasAt = at;
            at += l.rows * 4;
            if (l.inline_) {
                l.weightsAt = at;
                at += l.rows * l.cols;
            }
            require(at <= d.length, "ModelRegistry: bad manifest");
        }
    }

    function _int32(bytes memory d, uint256 at) private pure returns (int32) {
        return int32(uint32(_uint(d, at, 4)));
    }

    /// The big-endian unsigned integer of `size` bytes at `at` in `d`.
    function _uint(bytes memory d, uint256 at, uint256 size) private pure returns (uint256 v) {
        require(at + size <= d.length, "ModelRegistry: bad manifest");
        assembly {
            v := shr(sub(256, mul(size, 8)), mload(add(add(d, 32), at)))
        }
    }

    function _requantizeRelu(int256[] memory acc, int32 scale, uint8 shift) private pure returns (bytes memory out) {
        out = new bytes(acc.length);
        int256 round = shift == 0 ? int256(0) : int256(1) << (shift - 1);
        for (uint256 r = 0; r < acc.length; ++r) {
            int256 v = acc[r] > 0 ? acc[r] : int256(0);
            v = (v * scale + round) >> shift;
            if (v > 127) v = 127;
            if (v < -128) v = -128;
            out[r] = bytes1(uint8(int8(v)));
        }
    }

    function _owned(uint256 modelId) private view returns (Model storage m) {
        m = models[modelId];
        require(m.owner == msg.sender, "ModelRegistry: not the owner");
        require(!m.sealed_, "ModelRegistry: sealed");
    }
}
