"""Pure reference solvers: NumPy and SymPy only, no I/O and no randomness."""
