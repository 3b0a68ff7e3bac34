// The GLPK wrapper; see issue #4.
