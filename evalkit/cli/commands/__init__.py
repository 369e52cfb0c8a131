"""One module per subcommand: ``add_parser`` declares its options, ``run`` builds
one request from them, makes the library call, renders the result and returns
the exit status. Only light modules are imported here (``--help`` must be instant)."""
