# SWIG: one interface file (ffibench_swig.i) through Debian's SWIG 4.1 and
# through SWIG 4.5 (build/venv, PyPI's swig), each in its default mode and
# with -builtin: four modules.
# This family's part of ext/modules.mk (included from there): the same
# flags as every module, and linked with build/kernels.o like every module.
#
# SWIG writes two files per module: the C wrapper, compiled into the module
# _<name> (the leading underscore is SWIG's convention), and <name>.py, the
# module users import (in default mode its proxy functions and classes; with
# -builtin it imports the compiled module's).  Both go to the build folder.

# SWIG's generated C (not ours to fix) leaves the wrappers' self unused.
SWIG_WARNINGS := -Wno-unused-parameter

# -keyword: the arguments by their names, as the C declarations give them.
# SWIG 4.5's -nogil declares the module free of the GIL on a free-threaded
# build (Py_mod_gil; nothing on other builds); SWIG 4.1 has no such option.
SWIG_FLAGS := -python -keyword -Ikernels -Iext
SWIG_V4_1 := swig
SWIG_V4_5 = $(SWIG_V4_5_DIR)/swig -nogil

# swig_rule OBJECT MODULE MODE COMMAND NEEDS: the wrapper $(GEN)/OBJECT.c
# and $(BUILD)/MODULE.py of MODULE, by COMMAND in MODE (-builtin or none),
# and the object's flags.
define swig_rule
EXT_CFLAGS_$(1) := $(SWIG_WARNINGS)
EXT_GENERATED_$(1) := $(GEN)/$(1).c $(BUILD)/$(2).py
$(GEN)/$(1).c: ext/swig/ffibench_swig.i kernels/kernels.h ext/f64_buffer.h $(5) | $(CONFIG_MK)
	$$(call say,SWIG,"$$@ ($(2))")
	$$(Q)mkdir -p $$(@D)
	$$(Q)$(4) $$(SWIG_FLAGS) $(3) -module $(2) -outdir $(BUILD) -o $$@ $$<
endef
$(eval $(call swig_rule,swig,ffibench_swig,,$$(SWIG_V4_1)))
$(eval $(call swig_rule,swig_builtin,ffibench_swig_builtin,-builtin,$$(SWIG_V4_1)))
$(eval $(call swig_rule,swig_v4_5,ffibench_swig_v4_5,,$$(SWIG_V4_5),$$(VENV_STAMP)))
$(eval $(call swig_rule,swig_v4_5_builtin,ffibench_swig_v4_5_builtin,-builtin,$$(SWIG_V4_5),$$(VENV_STAMP)))
