"""Test data builders: factory_boy factories, a small council built from them, and the synthetic
plans of known size for query-count tests and the benchmark. Never shipped in the wheel."""
