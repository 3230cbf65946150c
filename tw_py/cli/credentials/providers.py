"""Every credentials provider tw has, declared once as data: options -> `keys` fields, plus small validators.

`add <provider>` and `update <provider>` are both generated from this table (see `__init__.py`).
A new provider is one `Provider(...)` entry.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

import click

from tw_py.cli.options import missing_one_of, mutually_exclusive

TEXT, SECRET, FILE, FLAG = "text", "secret", "file", "flag"


@dataclass(frozen=True)
class Field:
    """One provider option. `key` is the `keys` field it fills (None: the option only steers the others)."""

    flags: tuple
    key: Optional[str]
    help: str
    kind: str = TEXT
    required: bool = False
    default: Optional[str] = None

    @property
    def long(self) -> str:
        return next(f for f in self.flags if f.startswith("--"))

    @property
    def dest(self) -> str:
        return self.long[2:].replace("-", "_")

    @property
    def metavar(self) -> str:
        words = self.long[2:].split("-")
        return "<" + words[0] + "".join(w.capitalize() for w in words[1:]) + ">"

    @property
    def file_option(self) -> str:
        """The twpy extension option reading a secret from a file (`-` = stdin)."""
        return self.long + "-file"

    @property
    def file_dest(self) -> str:
        return self.dest + "_file"


@dataclass(frozen=True)
class Provider:
    command: str                    # the subcommand name: azure-entra
    wire: str                       # Credentials.provider and keys.discriminator: azure_entra
    label: str                      # tw's enum constant, shown in messages: AZURE_ENTRA
    title: str                      # for help texts
    fields: tuple
    base_url: bool = False          # git providers take --base-url
    updatable: bool = True          # tw has no `update gitea`
    #: check(values, existing_keys) -> use_external_id; raises click.UsageError. values: dest -> raw value,
    #: with secrets given by file or prompt counted as present. It may set derived keys in values["_keys"].
    check: Optional[Callable[[dict, Optional[dict]], bool]] = None
    example: str = ""               # options after `-n <name>` in the help's example


# Validators ------------------------------------------------------------------------------------------------
AWS_MODES = ("keys", "role")


def _check_aws(values: dict, existing: dict | None) -> bool:
    given_mode = values.get("mode")
    mode = given_mode.lower() if given_mode else (existing or {}).get("mode")
    if mode is not None and mode not in AWS_MODES:
        raise click.UsageError(f"Invalid AWS credential mode '{given_mode}'. Allowed values: 'keys', 'role'.")
    access, secret, role = values.get("access_key"), values.get("secret_key"), values.get("assume_role_arn")
    generate = values.get("generate_external_id")
    where = f"'--mode={mode}'" if given_mode else f"the existing credentials' {mode} mode"
    if mode == "role":
        if access is not None or secret is not None:
            raise click.UsageError(f"Options '--access-key' and '--secret-key' cannot be used with {where}. "
                                   "Role mode uses IAM role assumption without static credentials.")
        if role is None:
            raise click.UsageError(f"Option '--assume-role-arn' is required when using {where}.")
    if generate and mode != "role" and role is None:
        raise click.UsageError("Option '--generate-external-id' requires '--assume-role-arn' to be specified.")
    if mode != "role":
        if (access is None) != (secret is None):
            raise click.UsageError("Options '--access-key' and '--secret-key' must be given together.")
        if access is None and role is None:
            raise click.UsageError("Missing required options: '--access-key' and '--secret-key', "
                                   "or '--assume-role-arn' (the Platform refuses AWS credentials with neither).")
    values["_keys"] = {"mode": mode}
    return mode == "role" or bool(generate and role)


SA_EMAIL = re.compile(r"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.iam\.gserviceaccount\.com$")
WIF_PROVIDER = re.compile(r"^projects/[^/]+/locations/global/workloadIdentityPools/[^/]+/providers/[^/]+$")


def _require_match(value: str | None, option: str, pattern: re.Pattern, invalid: str) -> None:
    """A workload-identity option: required in that mode, and in the shape the Platform accepts."""
    if value is None:
        raise click.UsageError(f"Option '{option}' is required when using '--mode=workload-identity'.")
    if not pattern.match(value):
        raise click.UsageError(invalid)


def _check_google(values: dict, existing: dict | None) -> bool:
    mode = (values.get("mode") or "service-account-key").lower()
    if mode not in ("service-account-key", "workload-identity"):
        raise click.UsageError(f"Invalid Google credential mode '{values.get('mode')}'. "
                               "Allowed values: 'service-account-key', 'workload-identity'.")
    email, provider = values.get("service_account_email"), values.get("workload_identity_provider")
    if mode == "workload-identity":
        if values.get("key") is not None:
            raise click.UsageError("Option '--key' cannot be used with '--mode=workload-identity'. "
                                   "Workload Identity mode uses federated authentication without a key file.")
        _require_match(email, "--service-account-email", SA_EMAIL, "Invalid service account email format. "
                       "Expected format: <name>@<project>.iam.gserviceaccount.com")
        _require_match(provider, "--workload-identity-provider", WIF_PROVIDER,
                       "Invalid Workload Identity Provider format. Expected: projects/{PROJECT_NUMBER}"
                       "/locations/global/workloadIdentityPools/{POOL}/providers/{PROVIDER}")
    else:
        if email is not None or provider is not None or values.get("token_audience") is not None:
            raise click.UsageError("Options '--service-account-email', '--workload-identity-provider', and "
                                   "'--token-audience' can only be used with '--mode=workload-identity'.")
        if values.get("key") is None:
            raise click.UsageError("Option '--key' is required when using service account key mode.")
    return False


def _check_k8s(values: dict, existing: dict | None) -> bool:
    token, cert, key = values.get("token"), values.get("certificate"), values.get("private_key")
    if token is not None and (cert is not None or key is not None):
        raise mutually_exclusive("--token and --certificate/--private-key")
    if token is None:
        if cert is None and key is None:
            raise missing_one_of("(-t=<token> | (-c=<certificate> -k=<privateKey>))")
        if cert is None or key is None:
            raise click.UsageError("Options '--certificate' and '--private-key' must be given together.")
    return False


# The table --------------------------------------------------------------------------------------------------
def _user(tool: str) -> Field:
    return Field(("-u", "--username"), "username", f"{tool} username.", required=True)


def _password(tool: str, what: str = "password or access token") -> Field:
    return Field(("-p", "--password"), "password", f"{tool} {what}.", SECRET, required=True)


PROVIDERS: tuple[Provider, ...] = (
    Provider("aws", "aws", "AWS", "AWS", (
        Field(("-a", "--access-key"), "accessKey", "AWS access key identifier."),
        Field(("-s", "--secret-key"), "secretKey", "AWS secret access key.", SECRET),
        Field(("-r", "--assume-role-arn"), "assumeRoleArn",
              "IAM role ARN to assume (fully qualified, e.g. arn:aws:iam::123456789012:role/RoleName)."),
        Field(("--mode",), None, "AWS credential mode: 'keys' (access key + secret key) or 'role' (IAM role "
              "only). Default: keys; on update, the mode of the existing credentials."),
        Field(("--generate-external-id",), None, "Generate a platform-managed External ID for the credential "
              "(used with an IAM role ARN).", FLAG),
    ), check=_check_aws, example="-a AKIA... --secret-key-file ~/.aws/secret"),
    Provider("codecommit", "codecommit", "CODECOMMIT", "AWS CodeCommit", (
        Field(("--access-key",), "username", "AWS access key identifier for CodeCommit.", required=True),
        Field(("--secret-key",), "password", "AWS secret access key for CodeCommit.", SECRET, required=True),
    ), base_url=True, example="--access-key AKIA... --secret-key"),
    Provider("google", "google", "GOOGLE", "Google", (
        Field(("-k", "--key"), "data", "JSON file with the Google Cloud service account key.", FILE),
        Field(("--mode",), None, "Google credential mode: 'service-account-key' (JSON key file, default) or "
              "'workload-identity' (Workload Identity Federation)."),
        Field(("--service-account-email",), "serviceAccountEmail",
              "Service account to impersonate (workload-identity mode)."),
        Field(("--workload-identity-provider",), "workloadIdentityProvider",
              "Workload Identity Pool provider: projects/{PROJECT}/locations/global/workloadIdentityPools/{POOL}"
              "/providers/{PROVIDER}."),
        Field(("--token-audience",), "tokenAudience",
              "Audience of the OIDC token (default: the Workload Identity Provider)."),
    ), check=_check_google, example="-k ./service-account.json"),
    Provider("github", "github", "GITHUB", "GitHub", (_user("GitHub"), _password("GitHub")),
             base_url=True, example="-u octocat -p"),
    Provider("gitlab", "gitlab", "GITLAB", "GitLab", (
        _user("GitLab"), _password("GitLab", "account password"),
        Field(("-t", "--token"), "token", "GitLab personal access token.", SECRET, required=True),
    ), base_url=True, example="-u jordi --password-file pw.txt --token-file token.txt"),
    Provider("gitea", "gitea", "GITEA", "Gitea", (_user("Gitea"), _password("Gitea")),
             base_url=True, updatable=False, example="-u jordi -p --base-url https://gitea.example.com"),
    Provider("bitbucket", "bitbucket", "BITBUCKET", "Bitbucket",
             (_user("Bitbucket"), _password("Bitbucket", "app password")), base_url=True, example="-u jordi -p"),
    Provider("ssh", "ssh", "SSH", "SSH", (
        Field(("-k", "--key"), "privateKey", "SSH private key file.", FILE, required=True),
        Field(("-p", "--passphrase"), "passphrase", "Passphrase of the private key, if it is encrypted.", SECRET),
    ), example="-k ~/.ssh/id_ed25519 -p"),
    Provider("k8s", "k8s", "K8S", "Kubernetes", (
        Field(("-t", "--token"), "token", "Service account token (exclusive with --certificate/--private-key).",
              SECRET),
        Field(("-c", "--certificate"), "certificate", "Client certificate file (PEM).", FILE),
        Field(("-k", "--private-key"), "privateKey", "Client private key file (PEM).", FILE),
    ), check=_check_k8s, example="--token-file sa-token.txt"),
    Provider("azure", "azure", "AZURE", "Azure", (
        Field(("--batch-key",), "batchKey", "Azure Batch account access key.", SECRET, required=True),
        Field(("--batch-name",), "batchName", "Azure Batch account name.", required=True),
        Field(("--storage-key",), "storageKey", "Azure Storage account access key.", SECRET, required=True),
        Field(("--storage-name",), "storageName", "Azure Storage account name.", required=True),
    ), example="--batch-name b --batch-key-file bk.txt --storage-name s --storage-key-file sk.txt"),
    Provider("azure-entra", "azure_entra", "AZURE_ENTRA", "Azure Entra service principal", (
        Field(("--batch-name",), "batchName", "Azure Batch account name.", required=True),
        Field(("--storage-name",), "storageName", "Azure Storage account name.", required=True),
        Field(("--tenant-id",), "tenantId", "Azure Entra tenant (directory) ID.", required=True),
        Field(("--client-id",), "clientId", "Azure Entra application (client) ID.", required=True),
        Field(("--client-secret",), "clientSecret", "Azure Entra client secret.", SECRET, required=True),
    ), example="--batch-name b --storage-name s --tenant-id T --client-id C --client-secret"),
    Provider("agent", "tw-agent", "TW_AGENT", "Tower Agent", (
        Field(("--connection-id",), "connectionId", "Tower Agent connection identifier.", required=True),
        Field(("--work-dir",), "workDir", "Default work directory of the agent.", default="$TW_AGENT_WORK"),
    ), example="--connection-id 0b8a9c3f --work-dir /scratch/work"),
    Provider("container-reg", "container-reg", "CONTAINER_REG", "Container registry", (
        Field(("-u", "--username"), "userName", "Registry username.", required=True),
        _password("Registry"),
        Field(("-r", "--registry"), "registry", "Registry server hostname.", default="docker.io"),
    ), example="-u jordi -p -r quay.io"),
)
