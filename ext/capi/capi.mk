# The C API modules: ext/capi/capi.c in each calling convention, and built
# again under the Limited API.
# This family's part of ext/modules.mk (included from there): the same
# flags as every module, and linked with build/kernels.o like every module.

EXT_CFLAGS_capi :=
EXT_CFLAGS_capi_abi3 := -DPy_LIMITED_API=$(PY_LIMITED_API)

$(BUILD)/ext/capi.o $(BUILD)/ext/capi_abi3.o: $(BUILD)/ext/%.o: ext/capi/capi.c $(BUILD_INFO)
	$(call ext_compile,CC)

# ABI3_SHARED: build/ffibench_abi3.abi3.so is made first by a make for
# Debian's interpreter, then copied (a CPython older than that one would refuse
# it, and the path would be skipped with its ImportError).
ifneq ($(ABI3_SHARED),)
$(call ext_file,ffibench_abi3): FORCE
	$(Q)$(MAKE) --no-print-directory PYTHON=$(DEFAULT_PYTHON) build/ffibench_abi3.abi3.so
	$(Q)cmp -s build/ffibench_abi3.abi3.so $@ || cp build/ffibench_abi3.abi3.so $@
endif
