"""wengert: reverse-mode automatic differentiation for gradient-based optimization."""
