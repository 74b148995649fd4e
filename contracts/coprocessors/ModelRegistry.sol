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
    function infer(uint256 modelId, bytes calldata input) public view returns (uint256 class, int32[] memory scores) {
        (bytes memory d, LayerView[] memory layers) = _layers(modelId, input.length);
        bytes memory x = input;
        uint256 last = layers.length - 1;
        for (uint256 i = 0; i <= last; ++i) {
            LayerView memory l = layers[i];
            bytes memory y = _dense(d, l, x, i < last);
            if (i < last) {
                x = LanesCoprocessors.SIMD.requantize(y, l.scale, l.shift);
            } else {
                (class,) = LanesCoprocessors.SIMD.argmax(y);
                scores = LanesCoprocessors.toInt32Array(y);
            }
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

    /// One `dense` call, its call data built in place: the weights go straight from the manifest (or their
    /// blobs) into the call buffer, without an intermediate copy.
    function _dense(bytes memory d, LayerView memory l, bytes memory x, bool relu) private view returns (bytes memory y) {
        uint256 wLen = l.rows * l.cols;
        uint256 xOff = 0xe0 + ((wLen + 31) & ~uint256(31));
        uint256 bOff = xOff + 32 + ((x.length + 31) & ~uint256(31));
        uint256 size = 4 + bOff + 32 + ((l.rows * 4 + 31) & ~uint256(31));
        uint256 buf;
        assembly {
            buf := mload(0x40)
            mstore(0x40, add(buf, add(size, 32)))
        }
        _head(buf, l.rows, l.cols, xOff, bOff, relu);
        _tail(buf + 4, xOff, bOff, x, d, l.biasAt, l.rows * 4);
        uint256 dest = buf + 4 + 0xe0;
        if (l.inline_) {
            uint256 src = l.weightsAt;
            assembly {
                mcopy(dest, add(add(d, 32), src), wLen)
            }
        } else {
            for (uint256 j = 0; j < l.weights.length; ++j) {
                address blob = l.weights[j];
                uint256 n = Blobs.size(blob);
                assembly {
                    extcodecopy(blob, dest, 1, n)
                }
                dest += n;
            }
        }
        address simd = address(LanesCoprocessors.SIMD);
        bool ok;
        assembly {
            ok := staticcall(gas(), simd, buf, size, 0, 0)
        }
        require(ok, "ModelRegistry: SIMD co-processor call failed");
        assembly {
            // Return data: offset, length, the bytes (padded).
            y := mload(0x40)
            returndatacopy(y, 32, 32)
            let n := mload(y)
            returndatacopy(add(y, 32), 64, n)
            mstore(0x40, add(y, add(32, and(add(n, 31), not(31)))))
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

    /// The x and bias arguments of a `dense` call whose arguments start at `h`.
    function _tail(uint256 h, uint256 xOff, uint256 bOff, bytes memory x, bytes memory d, uint256 biasAt, uint256 bLen)
        private
        pure
    {
        assembly {
            let xLen := mload(x)
            mstore(add(h, xOff), xLen)
            mcopy(add(add(h, xOff), 32), add(x, 32), xLen)
            mstore(add(h, bOff), bLen)
            mcopy(add(add(h, bOff), 32), add(add(d, 32), biasAt), bLen)
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
