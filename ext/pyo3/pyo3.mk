# PyO3: a Rust crate that cargo builds.
# This family's part of ext/modules.mk (included from there): the same
# flags as every module, and linked with build/kernels.o like every module.

# PyO3's module is built by cargo (ext/pyo3), linking the same kernel object;
# not in a SANITIZER build: its Rust code cannot be built with the sanitizers
# on stable Rust, and with ASan it crashed the interpreter at exit (its
# .fini_array found zeroed); harness/registry/call_paths.py leaves its paths
# out of such a build.
PYO3_MODULE := $(if $(and $(HAVE_PYO3),$(if $(SANITIZER),,1)),$(BUILD)/ffibench_pyo3$(PY_EXT_SUFFIX))

# PyO3's module: cargo builds ext/pyo3 (Cargo.lock pinned, crates fetched by
# check_tools.sh, so offline here) for PYTHON, linking build/kernels.o
# (ext/pyo3/build.rs); the library is then named like every module.
# Cargo.toml sets the optimisation level (opt-level 2, as -O2).
$(PYO3_MODULE): ext/pyo3/Cargo.toml ext/pyo3/Cargo.lock ext/pyo3/build.rs ext/pyo3/src/lib.rs \
		$(KERNELS_OBJ) $(BUILD_INFO)
	$(call say,CARGO,ext/pyo3)
	$(Q)cd ext/pyo3 && FFB_KERNELS_OBJ=$(abspath $(KERNELS_OBJ)) PYO3_PYTHON=$(PYTHON) \
	  CARGO_TARGET_DIR=$(abspath $(BUILD)/cargo) $(CARGO) build --release --locked --offline --quiet
	$(Q)cp $(BUILD)/cargo/release/libffibench_pyo3.so $@
