# Cython: one .pyx through Debian's Cython 0.29 and through Cython 3
# (build/venv).
# This family's part of ext/modules.mk (included from there): the same
# flags as every module, and linked with build/kernels.o like every module.

# On PyPy, cpyext's PyTypeObject has a field more (tp_pypy_flags) that
# Cython's type objects leave out, and Cython 3's fatal-error helper returns
# from a noreturn function on its headers (a warning GCC cannot turn off: not
# an error there even under CFLAGS=-Werror).
CYTHON_WARNINGS := -Wno-unused-parameter \
	$(if $(filter pypy,$(PY_IMPLEMENTATION)),-Wno-missing-field-initializers -Wno-error)
EXT_CFLAGS_cython := $(CYTHON_WARNINGS)
EXT_CFLAGS_cython3 := $(CYTHON_WARNINGS)

EXT_GENERATED_cython := $(GEN)/cython.c
EXT_GENERATED_cython3 := $(GEN)/cython3.c
$(GEN)/cython.c: ext/cython/ffibench_cython.pyx kernels/kernels.h | $(CONFIG_MK)
	$(call say,CYTHON,$<)
	$(Q)mkdir -p $(@D)
	$(Q)cython3 -3 -I kernels -o $@ $<

# The same .pyx through Cython 3 (build/venv), under its own module name;
# freethreading_compatible: on a free-threaded build, importing it leaves the
# GIL off (the module shares no state; no effect on other builds).
$(GEN)/cython3.c: ext/cython/ffibench_cython.pyx kernels/kernels.h $(VENV_STAMP) | $(CONFIG_MK)
	$(call say,CYTHON3,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(VENV)/bin/cython -3 -X freethreading_compatible=True --module-name ffibench_cython3 \
	  -I kernels -o $@ $<
