# pybind11: one .cpp against Debian's pybind11 2.10 and against pybind11 3
# (build/venv).
# This family's part of ext/modules.mk (included from there): the same
# flags as every module, and linked with build/kernels.o like every module.

# pybind11 asks for hidden visibility; the kernels are local in every module
# anyway (ext/exports.map), so this changes nothing in how they are called.
EXT_CXXFLAGS_pybind11 := -fvisibility=hidden
# The same source built against pybind11 3 (its headers first on the path;
# Debian's 2.10 are in /usr/include) under its own module name.
EXT_CXXFLAGS_pybind11_v3 = -fvisibility=hidden -I$(PYBIND11_V3_DIR) \
	-DFFB_PYBIND11_MODULE=ffibench_pybind11_v3

$(BUILD)/ext/pybind11.o $(BUILD)/ext/pybind11_v3.o: $(BUILD)/ext/%.o: \
		ext/pybind11/ffibench_pybind11.cpp $(BUILD_INFO)
	$(call ext_compile,CXX)
