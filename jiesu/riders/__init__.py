"""Delivery riders: rest stations (小憩驿站), benefits cards, riders' reports (小哥说事)."""
