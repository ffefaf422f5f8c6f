# HPy (build/venv): one source in both of its ABIs.
# This family's part of ext/modules.mk (included from there): the same
# flags as every module, and linked with build/kernels.o like every module.

# HPy: one source (ext/hpy/ffibench_hpy.c) for both ABIs, and HPy's runtime
# helpers (hpy.devel's sources: argument parsing and the like, plus, for the
# CPython ABI, the context functions) compiled with the same flags, as its
# setuptools plugin does.  The universal build cannot include Python.h (HPy's
# forbid_python_h folder makes that an error).
HPY_DEVEL = $(HPY_DIR)/hpy/devel
HPY_RUNTIME := argparse buildvalue format helpers structseq
# HPy's headers need what Python.h defines (_GNU_SOURCE), and warn on our
# -Wall -Wextra: taken as system headers; its HPyDef_METH macro leaves a field
# uninitialised, and its runtime sources (not ours to fix) warn on
# -Wextra's unused parameters and function casts.
HPY_CFLAGS = -DHPY -D_GNU_SOURCE -isystem $(HPY_DEVEL)/include -Wno-missing-field-initializers
HPY_RUNTIME_CFLAGS := -Wno-unused-parameter -Wno-cast-function-type
EXT_CFLAGS_hpy_cpython = $(HPY_CFLAGS) -DHPY_ABI_CPYTHON
EXT_CFLAGS_hpy_universal = $(HPY_CFLAGS) -DHPY_ABI_UNIVERSAL -I$(HPY_DEVEL)/include/hpy/forbid_python_h
hpy_objs = $(addprefix $(BUILD)/ext/$(1)/,$(addsuffix .o,$(2)))
EXT_LIBS_hpy_cpython = $(call hpy_objs,hpy_cpython,$(HPY_RUNTIME) \
	$(basename $(notdir $(wildcard $(HPY_DEVEL)/src/runtime/ctx_*.c))))
EXT_LIBS_hpy_universal = $(call hpy_objs,hpy_universal,$(HPY_RUNTIME))
# The universal module exports what hpy.universal looks up instead of PyInit_*.
EXT_MAP_hpy_universal := ext/hpy/exports_hpy.map

# HPy's universal module is imported through a stub (its rule below).
HPY_STUB := $(if $(HAVE_HPY),$(BUILD)/ffibench_hpy_universal.py)

$(BUILD)/ext/hpy_cpython.o $(BUILD)/ext/hpy_universal.o: $(BUILD)/ext/%.o: ext/hpy/ffibench_hpy.c \
		$(BUILD_INFO)
	$(call ext_compile,CC)

# HPy's runtime helpers, once per ABI (under build/ext/hpy_<abi>/).
$(BUILD)/ext/hpy_cpython/%.o: $(HPY_DEVEL)/src/runtime/%.c $(BUILD_INFO)
	$(call say,CC,"hpy.devel $*.c (cpython)")
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(FINAL_CFLAGS) $(EXT_CFLAGS_hpy_cpython) $(HPY_RUNTIME_CFLAGS) $(PY_CFLAGS) \
	    $(DEPFLAGS) -c $< -o $@
$(BUILD)/ext/hpy_universal/%.o: $(HPY_DEVEL)/src/runtime/%.c $(BUILD_INFO)
	$(call say,CC,"hpy.devel $*.c (universal)")
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(FINAL_CFLAGS) $(EXT_CFLAGS_hpy_universal) $(HPY_RUNTIME_CFLAGS) $(DEPFLAGS) -c $< -o $@

# HPy's universal module is imported through a stub, as HPy's build writes it.
$(HPY_STUB): ext/hpy/hpy_universal_stub.py $(TOOLS_MK)
	$(call say,STUB,$@)
	$(Q)sed 's|@HPY_DIR@|$(HPY_DIR)|' $< > $@
