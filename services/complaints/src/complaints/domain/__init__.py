"""The complaints domain core: no I/O, standard library and ``cskit.domain`` only.

Time is always an argument (PLT-05): nothing here reads the wall clock.
"""
