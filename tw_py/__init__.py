"""twpy: a command-line client for the Seqera Platform, compatible with Seqera's `tw`."""

__version__ = "0.1.0"
#: The Seqera Platform API version this release was written against (the OpenAPI spec's version).
API_VERSION = "1.187.0"
