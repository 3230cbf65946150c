"""The output contract: tw's document (JSON keys in order, each key's type) and console line of every command,
taken from tw 0.38's `responses/**` classes. The `run` fixture checks every command a test runs against its row
(tests/conftest.py); a full test run must exercise every row (conftest's session check).

A row: the tw Response class; its JSON keys with types (None: the class writes its own document, checked by the
command's tests); keys twpy adds on purpose (each listed in README's "How twpy differs from tw"); and the console
line (tw's String.format template) for commands that print one line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    response: str
    keys: tuple | None
    console: str | None = None
    added: tuple = ()          # keys twpy adds on purpose


ROWS = {
    ('actions', 'add'): Row('ActionAdd', (('actionName', 'string'), ('workspaceRef', 'string'), ('actionId', 'string')), console="%n  @|yellow Pipeline action '%s' added at %s workspace with id '%s'|@%n"),
    ('actions', 'delete'): Row('ActionsDelete', (('actionRef', 'string'), ('workspaceRef', 'string')), console="%n  @|yellow Pipeline action '%s' deleted at %s workspace|@%n"),
    ('actions', 'labels'): Row('ManageLabels', (('operation', 'string'), ('type', 'string'), ('id', 'string'), ('workspaceID', 'number')), console="%n @|yellow '%s' labels on '%s' with id '%s' at %s workspace|@%n"),
    ('actions', 'list'): Row('ActionsList', (('userName', 'string'), ('actions', 'list')), console=None),
    ('actions', 'update'): Row('ActionUpdate', (('actionName', 'string'), ('workspaceRef', 'string'), ('actionId', 'string')), console="%n  @|yellow Pipeline action '%s' updated at %s workspace with id '%s'|@%n"),
    ('actions', 'view'): Row('ActionsView', (('action', 'object'),), console=None),
    ('collaborators', 'list'): Row('CollaboratorsList', (('organizationId', 'number'), ('members', 'list')), console=None),
    ('compute-envs', 'add'): Row('ComputeEnvAdded', (('platform', 'string'), ('id', 'string'), ('name', 'string'), ('workspaceId', 'number'), ('workspaceRef', 'string')), console="%n  @|yellow New %S compute environment '%s' added at %s workspace|@%n"),
    ('compute-envs', 'delete'): Row('ComputeEnvDeleted', (('id', 'string'), ('workspaceRef', 'string'), ('workspaceId', 'number')), console="%n  @|yellow Compute environment '%s' deleted at %s workspace|@%n"),
    ('compute-envs', 'export'): Row('ComputeEnvExport', (('configOutput', 'string'), ('fileName', 'string')), console=None),
    ('compute-envs', 'import'): Row('ComputeEnvAdded', (('platform', 'string'), ('id', 'string'), ('name', 'string'), ('workspaceId', 'number'), ('workspaceRef', 'string')), console="%n  @|yellow New %S compute environment '%s' added at %s workspace|@%n"),
    ('compute-envs', 'list'): Row('ComputeEnvList', (('workspaceRef', 'string'), ('computeEnvs', 'list')), console=None),
    ('compute-envs', 'primary', 'get'): Row('ComputeEnvsPrimaryGet', None, console="%n  @|yellow Primary compute environment for workspace '%s' is '%s (%s)'  |@%n"),
    ('compute-envs', 'primary', 'set'): Row('ComputeEnvsPrimarySet', None, console="%n  @|yellow Primary compute environment for workspace '%s' was set to '%s (%s)'  |@%n"),
    ('compute-envs', 'update'): Row('ComputeEnvUpdated', (('wspRef', 'string'), ('ceName', 'string')), console="%n  @|yellow Compute environment '%s' updated at %s workspace|@%n"),
    ('compute-envs', 'validate'): Row('ComputeEnvValidated', (('id', 'string'), ('name', 'string'), ('workspaceRef', 'string'), ('status', 'string'), ('transientError', 'boolean'), ('message', 'string')), console=None),
    ('compute-envs', 'view'): Row('ComputeEnvView', None, console=None),
    ('credentials', 'add'): Row('CredentialsAdded', (('id', 'string'), ('provider', 'string'), ('name', 'string'), ('workspaceRef', 'string'), ('externalId', 'string'), ('setupSnippet', 'string')), console=None),
    ('credentials', 'delete'): Row('CredentialsDeleted', (('id', 'string'), ('workspaceRef', 'string')), console="%n  @|yellow Credentials '%s' deleted at %s workspace|@%n"),
    ('credentials', 'list'): Row('CredentialsList', (('workspaceRef', 'string'), ('credentials', 'list')), console=None),
    ('credentials', 'update'): Row('CredentialsUpdated', (('provider', 'string'), ('name', 'string'), ('workspaceRef', 'string')), console="%n  @|yellow %S credentials '%s' updated at %s workspace|@%n"),
    ('credentials', 'validate'): Row('CredentialsValidated', (('id', 'string'), ('name', 'string'), ('workspaceRef', 'string'), ('status', 'string'), ('transientError', 'boolean'), ('message', 'string')), console=None),
    ('data-links', 'add'): Row('DataLinkView', (('dataLink', 'object'), ('message', 'string')), console=None),
    ('data-links', 'browse'): Row('DataLinkContentList', (('dataLink', 'object'), ('path', 'string'), ('items', 'list'), ('nextPageToken', 'string')), console=None),
    ('data-links', 'delete'): Row('DataLinkDeleted', (('id', 'string'), ('wspId', 'number')), console=None),
    ('data-links', 'download'): Row('DataLinkFileTransferResult', (('transferDirection', 'string'), ('paths', 'list')), console=None),
    ('data-links', 'list'): Row('DataLinksList', (('workspaceRef', 'string'), ('dataLinks', 'list'), ('showFetchingInfo', 'boolean')), console=None),
    ('data-links', 'update'): Row('DataLinkView', (('dataLink', 'object'), ('message', 'string')), console=None),
    ('data-links', 'upload'): Row('DataLinkFileTransferResult', (('transferDirection', 'string'), ('paths', 'list')), console=None),
    ('datasets', 'add'): Row('DatasetCreate', (('datasetName', 'string'), ('workspaceRef', 'string'), ('datasetId', 'string')), console="%n  @|yellow Dataset '%s' added at %s workspace with id '%s'|@%n"),
    ('datasets', 'delete'): Row('DatasetDelete', (('datasetRef', 'string'), ('workspaceRef', 'string')), console="%n  @|yellow Dataset '%s' deleted at %s workspace|@%n"),
    ('datasets', 'download'): Row('DatasetDownload', None, console=None),
    ('datasets', 'hide'): Row('DatasetsVisibility', (('datasetIds', 'list'), ('workspace', 'string'), ('hidden', 'boolean')), console=None),
    ('datasets', 'labels'): Row('ManageLabels', (('operation', 'string'), ('type', 'string'), ('id', 'string'), ('workspaceID', 'number')), console="%n @|yellow '%s' labels on '%s' with id '%s' at %s workspace|@%n"),
    ('datasets', 'list'): Row('DatasetList', (('datasetList', 'list'), ('workspace', 'string'), ('showLabels', 'boolean'), ('showHidden', 'boolean')), console=None),
    ('datasets', 'show'): Row('DatasetsVisibility', (('datasetIds', 'list'), ('workspace', 'string'), ('hidden', 'boolean')), console=None),
    ('datasets', 'update'): Row('DatasetUpdate', (('datasetName', 'string'), ('workspaceRef', 'string'), ('datasetId', 'string')), console="%n  @|yellow Dataset '%s' updated at %s workspace with id '%s'|@%n"),
    ('datasets', 'url'): Row('DatasetUrl', (('datasetUrl', 'string'), ('dataset', 'string'), ('workspace', 'string')), console=None),
    ('datasets', 'view'): Row('DatasetView', (('dataset', 'object'), ('workspace', 'string')), console=None),
    ('datasets', 'view', 'versions'): Row('DatasetVersionsList', (('versions', 'list'), ('dataset', 'string'), ('workspace', 'string')), console=None),
    ('info',): Row('InfoResponse', (('connectionCheck', 'number'), ('versionCheck', 'number'), ('credentialsCheck', 'number'), ('opts', 'object')), console=None),
    ('labels', 'add'): Row('LabelAdded', (('id', 'number'), ('name', 'string'), ('isResource', 'boolean'), ('value', 'string'), ('workspacRef', 'string')), console=None),
    ('labels', 'delete'): Row('DeleteLabelsResponse', (('labelId', 'number'), ('workspaceId', 'number')), console=None),
    ('labels', 'list'): Row('ListLabelsCmdResponse', (('workspaceId', 'number'), ('labels', 'list'), ('labelType', 'string')), console=None),
    ('labels', 'update'): Row('LabelUpdated', (('id', 'number'), ('name', 'string'), ('value', 'string'), ('workspaceRef', 'string')), console=None),
    ('launch',): Row('RunSubmited', (('workflowId', 'string'), ('workflowUrl', 'string'), ('workspaceId', 'number'), ('workspaceRef', 'string')), console='%n  @|yellow Workflow %s submitted at %s workspace.|@%n%n    @|bold %s|@%n'),
    ('members', 'add'): Row('MembersAdded', (('orgName', 'string'), ('member', 'object')), console="%n  @|yellow Member '%s' with ID '%d' was added in organization '%s'|@%n"),
    ('members', 'delete'): Row('MembersDeleted', (('user', 'string'), ('organizationName', 'string')), console="%n  @|yellow Member '%s' deleted from organization '%s'|@%n"),
    ('members', 'leave'): Row('MembersLeave', (('orgName', 'string'),), console="%n  @|yellow You have been removed from organization '%s'|@%n"),
    ('members', 'list'): Row('MembersList', (('orgName', 'string'), ('members', 'list')), console=None),
    ('members', 'update'): Row('MembersUpdate', (('user', 'string'), ('organizationName', 'string'), ('role', 'string')), console="%n  @|yellow Member '%s' updated to role '%s' in organization '%s'|@%n"),
    ('organizations', 'add'): Row('OrganizationsAdded', None, console="%n  @|yellow Organization '%s' with ID '%d' was added|@%n"),
    ('organizations', 'delete'): Row('OrganizationsDeleted', (('ref', 'string'),), console="%n  @|yellow Organization '%s' deleted|@%n"),
    ('organizations', 'list'): Row('OrganizationsList', (('userName', 'string'), ('organizations', 'list')), console=None),
    ('organizations', 'update'): Row('OrganizationsUpdated', (('orgId', 'number'), ('name', 'string')), console="%n  @|yellow Organization '%s' was updated|@%n"),
    ('organizations', 'view'): Row('OrganizationsView', None, console=None),
    ('participants', 'add'): Row('ParticipantAdded', (('participant', 'object'), ('workspaceName', 'string')), console=None),
    ('participants', 'delete'): Row('ParticipantDeleted', (('name', 'string'), ('workspaceName', 'string')), console="%n  @|yellow Participant '%s' was removed from '%s' workspace|@%n"),
    ('participants', 'leave'): Row('ParticipantLeft', (('workspaceName', 'string'),), console="%n  @|yellow You have been removed as a participant from '%s' workspace|@%n"),
    ('participants', 'list'): Row('ParticipantsList', (('organizationName', 'string'), ('workspaceName', 'string'), ('participants', 'list')), console=None),
    ('participants', 'update'): Row('ParticipantUpdated', (('workspaceName', 'string'), ('name', 'string'), ('role', 'string')), console="%n  @|yellow Participant '%s' has now role '%s' for workspace '%s'|@%n"),
    ('pipeline-schemas', 'add'): Row('PipelineSchemasAdded', (('workspaceRef', 'string'), ('schemaId', 'number')), console="%n  @|yellow New pipeline schema '%d' added at %s workspace|@%n"),
    ('pipelines', 'add'): Row('PipelinesAdded', (('workspaceRef', 'string'), ('pipelineName', 'string')), console="%n  @|yellow New pipeline '%s' added at %s workspace|@%n"),
    ('pipelines', 'delete'): Row('PipelinesDeleted', (('pipelineRef', 'string'), ('workspaceRef', 'string')), console="%n  @|yellow Pipeline '%s' deleted at %s workspace|@%n"),
    ('pipelines', 'export'): Row('PipelinesExport', (('configOutput', 'string'), ('fileName', 'string')), console=None),
    ('pipelines', 'import'): Row('PipelinesAdded', (('workspaceRef', 'string'), ('pipelineName', 'string')), console="%n  @|yellow New pipeline '%s' added at %s workspace|@%n"),
    ('pipelines', 'labels'): Row('ManageLabels', (('operation', 'string'), ('type', 'string'), ('id', 'string'), ('workspaceID', 'number')), console="%n @|yellow '%s' labels on '%s' with id '%s' at %s workspace|@%n"),
    ('pipelines', 'list'): Row('PipelinesList', (('workspaceRef', 'string'), ('pipelines', 'list')), console=None),
    ('pipelines', 'update'): Row('PipelinesUpdated', (('workspaceRef', 'string'), ('pipelineName', 'string'), ('newVersionName', 'string'), ('draftVersionId', 'string')), console=None),
    ('pipelines', 'versions', 'list'): Row('ListPipelineVersionsCmdResponse', (('workspaceRef', 'string'), ('pipelineId', 'number'), ('pipelineName', 'string'), ('versions', 'list')), console=None),
    ('pipelines', 'versions', 'manage'): Row('ManagePipelineVersionCmdResponse', (('workspaceRef', 'string'), ('pipelineId', 'number'), ('pipelineName', 'string'), ('versionId', 'string')), console=None),
    ('pipelines', 'view'): Row('PipelinesView', (('workspaceRef', 'string'), ('info', 'object'), ('launch', 'object'), ('version', 'object')), console=None),
    ('runs', 'cancel'): Row('RunCanceled', (('id', 'string'), ('workspaceRef', 'string')), console="%n  @|yellow Pipeline run '%s' canceled at %s workspace|@%n"),
    ('runs', 'delete'): Row('RunDeleted', (('id', 'string'), ('workspaceRef', 'string')), console="%n  @|yellow Pipeline run '%s' deleted at %s workspace|@%n"),
    ('runs', 'dump'): Row('RunDump', (('id', 'string'), ('workspaceRef', 'string'), ('outputFile', 'string')), added=('skipped',), console="%n  @|yellow Pipeline run '%s' at %s workspace details dump at '%s' |@%n"),
    ('runs', 'labels'): Row('ManageLabels', (('operation', 'string'), ('type', 'string'), ('id', 'string'), ('workspaceID', 'number')), console="%n @|yellow '%s' labels on '%s' with id '%s' at %s workspace|@%n"),
    ('runs', 'list'): Row('RunList', (('workspaceRef', 'string'), ('workflows', 'list'), ('showLabels', 'boolean'), ('baseWorkspaceUrl', 'string')), console=None),
    ('runs', 'relaunch'): Row('RunSubmited', (('workflowId', 'string'), ('workflowUrl', 'string'), ('workspaceId', 'number'), ('workspaceRef', 'string')), console='%n  @|yellow Workflow %s submitted at %s workspace.|@%n%n    @|bold %s|@%n'),
    ('runs', 'view'): Row('RunView', None, console=None),
    ('runs', 'view', 'download'): Row('RunFileDownloaded', None, console=None),
    ('runs', 'view', 'metrics'): Row('RunViewMetrics', None, console=None),
    ('runs', 'view', 'task'): Row('TaskView', None, console=None),
    ('runs', 'view', 'tasks'): Row('TasksView', None, console=None),
    ('secrets', 'add'): Row('SecretAdded', (('workspaceRef', 'string'), ('id', 'number'), ('name', 'string')), console="%n  @|yellow New secret '%s' (%d) added at %s workspace|@%n"),
    ('secrets', 'delete'): Row('SecretDeleted', (('secret', 'object'), ('workspaceRef', 'string')), console="%n  @|yellow Secret '%s' deleted at %s workspace|@%n"),
    ('secrets', 'list'): Row('SecretsList', (('workspaceRef', 'string'), ('secrets', 'list')), console=None),
    ('secrets', 'update'): Row('SecretUpdated', (('workspaceRef', 'string'), ('secretName', 'string')), console="%n  @|yellow Secret '%s' updated at %s workspace|@%n"),
    ('secrets', 'view'): Row('SecretView', (('workspaceRef', 'string'), ('secret', 'object')), console=None),
    ('studios', 'add'): Row('StudiosCreated', (('sessionId', 'string'), ('workspaceRef', 'string'), ('workspaceId', 'number'), ('autoStart', 'boolean'), ('studioUrl', 'string')), console=None),
    ('studios', 'add-as-new'): Row('StudiosCreated', (('sessionId', 'string'), ('workspaceRef', 'string'), ('workspaceId', 'number'), ('autoStart', 'boolean'), ('studioUrl', 'string')), console=None),
    ('studios', 'checkpoints'): Row('StudioCheckpointsList', (('userSuppliedStudioIdentifier', 'string'), ('workspaceRef', 'string'), ('checkpoints', 'list')), console=None),
    ('studios', 'delete'): Row('StudioDeleted', (('userSuppliedStudioIdentifier', 'string'), ('workspaceRef', 'string')), console='%n  @|yellow Studio %s deleted at %s workspace.|@%n'),
    ('studios', 'list'): Row('StudiosList', (('workspaceRef', 'string'), ('studios', 'list'), ('showLabels', 'boolean')), console=None),
    ('studios', 'start'): Row('StudioStartSubmitted', (('sessionId', 'string'), ('userSuppliedStudioIdentifier', 'string'), ('studioUrl', 'string'), ('workspaceId', 'number'), ('workspaceRef', 'string'), ('jobSubmitted', 'boolean')), console=None),
    ('studios', 'stop'): Row('StudioStopSubmitted', (('sessionId', 'string'), ('userSuppliedStudioIdentifier', 'string'), ('workspaceId', 'number'), ('workspaceRef', 'string'), ('jobSubmitted', 'boolean')), console=None),
    ('studios', 'templates'): Row('StudiosTemplatesList', (('templates', 'list'),), console=None),
    ('studios', 'update'): Row('StudioUpdated', (('sessionId', 'string'), ('userSuppliedStudioIdentifier', 'string'), ('workspaceId', 'number'), ('workspaceRef', 'string')), console='%n  @|yellow Studio %s UPDATED at %s workspace.|@%n'),
    ('studios', 'view'): Row('StudiosView', (('studio', 'object'), ('workspaceRef', 'string')), console=None),
    ('teams', 'add'): Row('TeamAdded', (('organizationName', 'string'), ('teamName', 'string')), console="%n  @|yellow A '%s' team added for '%s' organization|@%n"),
    ('teams', 'delete'): Row('TeamDeleted', (('organizationName', 'string'), ('teamId', 'string')), console="%n  @|yellow Team '%s' deleted for %s organization|@%n"),
    ('teams', 'list'): Row('TeamsList', (('organizationName', 'string'), ('teams', 'list')), console=None),
    ('teams', 'members'): Row('TeamMembersList', (('teamName', 'string'), ('members', 'list')), console=None),
    ('teams', 'members', 'add'): Row('TeamMembersAdd', (('teamName', 'string'), ('member', 'object')), console="%n  @|yellow Member '%s' added to team '%s' with id '%d'|@%n"),
    ('teams', 'members', 'delete'): Row('TeamMemberDeleted', (('teamName', 'string'), ('username', 'string')), console="%n  @|yellow Team member '%s' deleted at '%s' team|@%n"),
    ('workspaces', 'add'): Row('WorkspaceAdded', (('workspaceName', 'string'), ('organizationName', 'string'), ('visibility', 'string')), console="%n  @|yellow A '%s' workspace '%s' added for '%s' organization|@%n"),
    ('workspaces', 'delete'): Row('WorkspaceDeleted', (('workspaceRef', 'string'), ('organizationRef', 'string')), console="%n  @|yellow Workspace '%s' deleted for %s organization|@%n"),
    ('workspaces', 'leave'): Row('ParticipantLeft', (('workspaceName', 'string'),), console="%n  @|yellow You have been removed as a participant from '%s' workspace|@%n"),
    ('workspaces', 'list'): Row('WorkspaceList', (('userName', 'string'), ('workspaces', 'list')), console=None),
    ('workspaces', 'settings', 'studios', 'update'): Row('StudiosSettingsUpdated', (('workspaceName', 'string'),), console="%n  @|yellow Studios settings updated for workspace '%s'|@%n"),
    ('workspaces', 'settings', 'studios', 'view'): Row('StudiosSettingsView', (('workspaceName', 'string'), ('settings', 'object')), console=None),
    ('workspaces', 'update'): Row('WorkspaceUpdated', (('workspaceName', 'string'), ('organizationName', 'string'), ('visibility', 'string')), console="%n  @|yellow A '%s' workspace '%s' updated for '%s' organization|@%n"),
    ('workspaces', 'view'): Row('WorkspaceView', (('workspace', 'object'),), console=None),
}


TYPES = {"string": str, "number": (int, float), "boolean": bool, "list": list, "object": dict}


def row_for(path: tuple) -> tuple | None:
    """The row of a command path (the longest registered prefix: `compute-envs add aws-batch` -> `compute-envs add`)."""
    for size in range(len(path), 0, -1):
        if tuple(path[:size]) in ROWS:
            return tuple(path[:size])
    return None


def document_problems(key: tuple, document) -> list[str]:
    """What differs between a printed JSON document and its row: unknown keys, order, types."""
    row = ROWS[key]
    if row.keys is None:
        return []
    where = " ".join(key)
    if not isinstance(document, dict):
        return [f"{where}: the document is a {type(document).__name__}, tw prints an object ({row.response})"]
    declared = [name for name, _ in row.keys] + list(row.added)
    types = dict(row.keys)
    problems = [f"{where}: key '{k}' is not in tw's {row.response}" for k in document if k not in declared]
    order = [k for k in document if k in declared]
    if order != sorted(order, key=declared.index):
        problems.append(f"{where}: keys {order} are not in tw's order {declared}")
    for name, value in document.items():
        wanted = types.get(name)
        if wanted and value is not None and not (isinstance(value, TYPES[wanted])
                                                 and not (wanted == "number" and isinstance(value, bool))):
            problems.append(f"{where}: '{name}' is {type(value).__name__}, tw prints a {wanted}")
    return problems


def console_pattern(template: str) -> re.Pattern:
    """tw's String.format template as a pattern over the printed text (colour markup removed, %s any text)."""
    text = re.sub(r"@\|[^ ]+ ", "", template).replace("|@", "")
    text = re.sub(r"^(%n)+|(%n)+$", "", "%n".join(piece.strip() for piece in text.split("%n")))
    parts = re.split(r"(%n|%[sSd])", text)
    regex = "".join("\n" if p == "%n" else ".+?" if p in ("%s", "%S", "%d") else re.escape(p) for p in parts)
    return re.compile(regex)


def console_problems(key: tuple, stdout: str) -> list[str]:
    """Whether the console line is tw's (surrounding blank lines and trailing spaces aside)."""
    row = ROWS[key]
    if not row.console:
        return []
    wanted = console_pattern(row.console)
    shown = "\n".join(line.strip() for line in stdout.strip("\n").splitlines())
    if wanted.fullmatch(shown):
        return []
    return [f"{' '.join(key)}: console line {shown!r} is not tw's {row.console!r}"]


def invocation(args: list[str]) -> tuple[tuple, bool]:
    """The command path of a twpy command line and whether it prints JSON (-o json before or after it)."""
    import click

    from tw_py.cli.argv import hoist_global_options
    from tw_py.cli.root import cli

    args = hoist_global_options(cli, [str(a) for a in args])
    json_mode, path, command = False, [], cli
    ctx = click.Context(cli, resilient_parsing=True)
    index = 0
    while index < len(args):
        token = args[index]
        if token.startswith("-"):
            name = token.split("=", 1)[0]
            params = {o: p for p in command.params if isinstance(p, click.Option) for o in p.opts + p.secondary_opts}
            param = params.get(name)
            value = token.split("=", 1)[1] if "=" in token else (args[index + 1] if index + 1 < len(args) else "")
            if command is cli and name in ("-o", "--output"):
                json_mode = value.lower() == "json"
            takes_value = param is not None and not param.is_flag and not param.count and "=" not in token
            index += 2 if takes_value else 1
            continue
        if isinstance(command, click.Group):
            sub = command.get_command(ctx, token)
            if sub is not None:
                path.append(token)
                command = sub
        index += 1
    return tuple(path), json_mode


def implemented(path: tuple) -> bool:
    """Whether twpy has this command yet (rows of groups still being built wait for them)."""
    import click

    from tw_py.cli.root import cli

    command, ctx = cli, click.Context(cli, resilient_parsing=True)
    for name in path:
        command = command.get_command(ctx, name) if isinstance(command, click.Group) else None
        if command is None:
            return False
    return True
