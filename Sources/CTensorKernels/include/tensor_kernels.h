// Convolution kernels for layers with few input channels (an RGB input layer), in C so the loops
// compile to AVX2 and FMA where the CPU has them (chosen once at run time) and to SSE elsewhere.
// Tensors are NHWC, row-major; weights are (kernel·kernel·channels, outputs) as Conv2D keeps them.
#ifndef LOUPE_TENSOR_KERNELS_H
#define LOUPE_TENSOR_KERNELS_H

/// The shape of one convolution: input (height, width, channels), a square kernel, zero padding on
/// every side, a stride, and the output size it gives.
typedef struct {
    int height, width, channels;
    int kernel, padding, stride;
    int outputs;
    int output_height, output_width;
} tk_conv_shape;

/// y = bias + x ⊛ w for `images` images (y is overwritten); with `relu`, y = max(0, …).
void tk_conv_forward(const tk_conv_shape *shape, int images, const float *x, const float *weights,
                     const float *bias, float *y, int relu);

/// weight_gradients += Σ over images and output pixels of the input patch ⊗ dy.
void tk_conv_weight_gradients(const tk_conv_shape *shape, int images, const float *x, const float *dy,
                              float *weight_gradients);

/// Which code the kernels run: "avx2+fma" or "generic".
const char *tk_kernel_variant(void);

#endif
