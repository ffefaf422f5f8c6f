# nanobind (build/venv), with its library.
# This family's part of ext/modules.mk (included from there): the same
# flags as every module, and linked with build/kernels.o like every module.

# nanobind: its headers, and its library (src/nb_combined.cpp, the one file
# its docs give for builds without CMake) linked into the module, as its CMake
# build does by default (NB_STATIC).  Its CMake build compiles both with -Os
# (size) in release builds; here they get the same -O level as every path.
# NB_BUILD and -fno-strict-aliasing are what its CMake build gives the library.
NANOBIND_INCLUDES = -I$(NANOBIND_DIR)/include -I$(NANOBIND_DIR)/ext/robin_map/include
# On a free-threaded build, NB_FREE_THREADED (as its CMake build's FREE_THREADED
# option): the module declares it needs no GIL, the library its locking.
EXT_CXXFLAGS_nanobind = -fvisibility=hidden $(NANOBIND_INCLUDES) \
	$(if $(filter gil_disabled,$(PY_GIL)),-DNB_FREE_THREADED)
NANOBIND_LIB_CXXFLAGS = $(EXT_CXXFLAGS_nanobind) -DNB_BUILD -fno-strict-aliasing
EXT_LIBS_nanobind := $(BUILD)/ext/nanobind_lib.o

$(BUILD)/ext/nanobind.o: $(BUILD)/ext/%.o: ext/nanobind/ffibench_%.cpp $(BUILD_INFO)
	$(call ext_compile,CXX)

$(BUILD)/ext/nanobind_lib.o: $(NANOBIND_DIR)/src/nb_combined.cpp $(BUILD_INFO)
	$(call say,CXX,"nanobind's library")
	$(Q)mkdir -p $(@D)
	$(Q)$(CXX) $(FINAL_CXXFLAGS) -fPIC $(NANOBIND_LIB_CXXFLAGS) $(PY_CFLAGS) $(DEPFLAGS) -c $< -o $@
