// Links the one kernel object (build/kernels.o, its path in FFB_KERNELS_OBJ,
// set by the Makefile) into the module: the kernels are called through
// `extern "C"`, exactly the code every other path calls.
fn main() {
    println!("cargo:rerun-if-env-changed=FFB_KERNELS_OBJ");
    let object = std::env::var("FFB_KERNELS_OBJ")
        .expect("FFB_KERNELS_OBJ: the path of build/kernels.o (the Makefile sets it)");
    println!("cargo:rerun-if-changed={object}");
    println!("cargo:rustc-link-arg-cdylib={object}");
}
