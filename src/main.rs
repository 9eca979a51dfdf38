fn main() {
    std::process::exit(evcheck::cli::main());
}
