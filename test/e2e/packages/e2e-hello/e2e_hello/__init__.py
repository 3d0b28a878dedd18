import e2e_dep

GREETING = "hello from a local wheel, " + e2e_dep.WORD
