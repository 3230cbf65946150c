"""The output contract: tw's document (JSON keys in order, each key's type) and console line of every command,
taken from tw 0.38's `responses/**` classes. The `run` fixture checks every command a test runs against its row
(tests/conftest.py); a full test run must exercise every row (conftest's session check), and
tests/test_output_contract_commands.py runs the commands no other test prints.

A row: the tw Response class the command returns, then
- keys: its JSON keys in tw's order, each with its type (string, number, boolean, object, list); a trailing `?`
  marks a key tw leaves out when its value is null; every other key must be printed. Where tw builds the document
  in a java.util.HashMap (runs view, metrics, task, primary get/set, info's opts) the order is that HashMap's
  iteration order, which is fixed for String keys (see `java_hashmap_order` in tw_py/jsonfmt.py).
- console: tw's String.format template of the console line of a command that prints one line; several when tw picks
  one by case. `%*` (not a Java conversion) stands for what follows the line, e.g. a table.
- added: keys twpy adds on purpose, each listed in README's "How twpy differs from tw".
- values: values tw always prints for this command (the platform of `compute-envs add slurm`).
- shape: `object`; `list` (a JSON array of such objects); `file` (one key, the file's type or name, and its text).
- ordered: False where tw's order is not fixed (`runs view tasks`: an unmodifiable Map, ordered per JVM run).
- nested: (key, keys) of the maps tw builds itself inside the document, checked like the document (each element
  when the key holds a list); a tuple of such key tuples when tw's HashMap can hold two sets of keys.
Where keys is None tw prints the API's object as it came (compute-envs view, organizations view/add).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Row:
    response: str
    keys: tuple | None
    console: str | tuple | None = None
    added: tuple = ()          # keys twpy adds on purpose
    values: tuple = ()         # (key, value) tw always prints
    shape: str = "object"      # object, list, file
    ordered: bool = True
    nested: tuple = ()         # (key, keys or alternatives) of maps inside the document


# One tw Response class answers `compute-envs add` on every platform and `credentials add|update` for every provider:
# its row is written once; each command's row adds the platform or provider that tw always prints.
COMPUTE_ENV_ADDED = Row('ComputeEnvAdded', (('platform', 'string'), ('id', 'string'), ('name', 'string'), ('workspaceId', 'number?'), ('workspaceRef', 'string')), console="%n  @|yellow New %S compute environment '%s' added at %s workspace|@%n")
COMPUTE_ENV_PLATFORMS = {
    ('altair',): 'altair-platform', ('aws-batch', 'forge'): 'aws-batch', ('aws-batch', 'manual'): 'aws-batch',
    ('aws-cloud',): 'aws-cloud', ('azure-batch', 'forge'): 'azure-batch', ('azure-batch', 'manual'): 'azure-batch',
    ('azure-cloud',): 'azure-cloud', ('eks',): 'eks-platform', ('gke',): 'gke-platform', ('google-batch',): 'google-batch',
    ('google-cloud',): 'google-cloud', ('k8s',): 'k8s-platform', ('lsf',): 'lsf-platform', ('moab',): 'moab-platform',
    ('seqera-compute',): 'seqeracompute-platform', ('slurm',): 'slurm-platform', ('uge',): 'uge-platform'}
CREDENTIALS_ADDED = Row('CredentialsAdded', (('id', 'string'), ('provider', 'string'), ('name', 'string'), ('workspaceRef', 'string'), ('externalId', 'string?'), ('setupSnippet', 'string?')), console=("%n  @|yellow New %S credentials '%s (%s)' added at %s workspace|@%n%*",))
CREDENTIALS_UPDATED = Row('CredentialsUpdated', (('provider', 'string'), ('name', 'string'), ('workspaceRef', 'string')), console="%n  @|yellow %S credentials '%s' updated at %s workspace|@%n")
CREDENTIALS_PROVIDERS = {
    'agent': 'TW_AGENT', 'aws': 'AWS', 'azure': 'AZURE', 'azure-entra': 'AZURE_ENTRA', 'bitbucket': 'BITBUCKET',
    'codecommit': 'CODECOMMIT', 'container-reg': 'CONTAINER_REG', 'gitea': 'GITEA', 'github': 'GITHUB', 'gitlab': 'GITLAB',
    'google': 'GOOGLE', 'k8s': 'K8S', 'ssh': 'SSH'}


ROWS = {
    ('actions', 'add', 'github'): Row('ActionAdd', (('actionName', 'string'), ('workspaceRef', 'string'), ('actionId', 'string')), console="%n  @|yellow Pipeline action '%s' added at %s workspace with id '%s'|@%n"),
    ('actions', 'add', 'tower'): Row('ActionAdd', (('actionName', 'string'), ('workspaceRef', 'string'), ('actionId', 'string')), console="%n  @|yellow Pipeline action '%s' added at %s workspace with id '%s'|@%n"),
    ('actions', 'delete'): Row('ActionsDelete', (('actionRef', 'string'), ('workspaceRef', 'string')), console="%n  @|yellow Pipeline action '%s' deleted at %s workspace|@%n"),
    ('actions', 'labels'): Row('ManageLabels', (('operation', 'string'), ('type', 'string'), ('id', 'string'), ('workspaceID', 'number?')), console="%n @|yellow '%s' labels on '%s' with id '%s' at %s workspace|@%n"),
    ('actions', 'list'): Row('ActionsList', (('userName', 'string'), ('actions', 'list'))),
    ('actions', 'update'): Row('ActionUpdate', (('actionName', 'string'), ('workspaceRef', 'string'), ('actionId', 'string')), console="%n  @|yellow Pipeline action '%s' updated at %s workspace with id '%s'|@%n"),
    ('actions', 'view'): Row('ActionsView', (('action', 'object'),)),
    ('collaborators', 'list'): Row('CollaboratorsList', (('organizationId', 'number'), ('members', 'list'))),
    **{('compute-envs', 'add', *command): replace(COMPUTE_ENV_ADDED, values=(('platform', platform),))
       for command, platform in COMPUTE_ENV_PLATFORMS.items()},
    ('compute-envs', 'delete'): Row('ComputeEnvDeleted', (('id', 'string'), ('workspaceRef', 'string'), ('workspaceId', 'number?')), console="%n  @|yellow Compute environment '%s' deleted at %s workspace|@%n"),
    ('compute-envs', 'export'): Row('ComputeEnvExport', (('configOutput', 'string'), ('fileName', 'string?'))),
    ('compute-envs', 'import'): COMPUTE_ENV_ADDED,
    ('compute-envs', 'list'): Row('ComputeEnvList', (('workspaceRef', 'string'), ('computeEnvs', 'list'))),
    ('compute-envs', 'primary', 'get'): Row('ComputeEnvsPrimaryGet', (('name', 'string'), ('id', 'string'), ('platform', 'string')), console="%n  @|yellow Primary compute environment for workspace '%s' is '%s (%s)'  |@%n"),
    ('compute-envs', 'primary', 'set'): Row('ComputeEnvsPrimarySet', (('name', 'string'), ('id', 'string'), ('platform', 'string')), console="%n  @|yellow Primary compute environment for workspace '%s' was set to '%s (%s)'  |@%n"),
    ('compute-envs', 'update'): Row('ComputeEnvUpdated', (('wspRef', 'string'), ('ceName', 'string')), console="%n  @|yellow Compute environment '%s' updated at %s workspace|@%n"),
    ('compute-envs', 'validate'): Row('ComputeEnvValidated', (('id', 'string'), ('name', 'string'), ('workspaceRef', 'string'), ('status', 'string'), ('transientError', 'boolean'), ('message', 'string?')), console=("%n  @|bold Compute environment '%s'|@ at %s workspace validated as @|%s %s|@%n%*",)),
    ('compute-envs', 'view'): Row('ComputeEnvView', None),
    **{('credentials', 'add', name): replace(CREDENTIALS_ADDED, values=(('provider', provider),))
       for name, provider in CREDENTIALS_PROVIDERS.items()},
    ('credentials', 'delete'): Row('CredentialsDeleted', (('id', 'string'), ('workspaceRef', 'string')), console="%n  @|yellow Credentials '%s' deleted at %s workspace|@%n"),
    ('credentials', 'list'): Row('CredentialsList', (('workspaceRef', 'string'), ('credentials', 'list'))),
    **{('credentials', 'update', name): replace(CREDENTIALS_UPDATED, values=(('provider', provider),))
       for name, provider in CREDENTIALS_PROVIDERS.items() if name != 'gitea'},  # tw has no update gitea
    ('credentials', 'validate'): Row('CredentialsValidated', (('id', 'string'), ('name', 'string'), ('workspaceRef', 'string'), ('status', 'string'), ('transientError', 'boolean'), ('message', 'string?')), console=("%n  @|bold Credentials '%s'|@ at %s workspace validated as @|%s %s|@%n%*",)),
    ('data-links', 'add'): Row('DataLinkView', (('dataLink', 'object'), ('message', 'string')), console='%n  @|bold %s:|@%n%*'),
    ('data-links', 'browse'): Row('DataLinkContentList', (('dataLink', 'object'), ('path', 'string?'), ('items', 'list'), ('nextPageToken', 'string?'))),
    ('data-links', 'delete'): Row('DataLinkDeleted', (('id', 'string'), ('wspId', 'number?')), console=("%n  @|yellow Data link '%s' deleted at '%s' workspace.|@%n", "%n  @|yellow Data link '%s' deleted at user workspace.|@%n")),
    ('data-links', 'download'): Row('DataLinkFileTransferResult', (('transferDirection', 'string'), ('paths', 'list'))),
    ('data-links', 'list'): Row('DataLinksList', (('workspaceRef', 'string'), ('dataLinks', 'list'), ('showFetchingInfo', 'boolean'))),
    ('data-links', 'update'): Row('DataLinkView', (('dataLink', 'object'), ('message', 'string')), console='%n  @|bold %s:|@%n%*'),
    ('data-links', 'upload'): Row('DataLinkFileTransferResult', (('transferDirection', 'string'), ('paths', 'list'))),
    ('datasets', 'add'): Row('DatasetCreate', (('datasetName', 'string'), ('workspaceRef', 'string'), ('datasetId', 'string')), console="%n  @|yellow Dataset '%s' added at %s workspace with id '%s'|@%n"),
    ('datasets', 'delete'): Row('DatasetDelete', (('datasetRef', 'string'), ('workspaceRef', 'string')), console="%n  @|yellow Dataset '%s' deleted at %s workspace|@%n"),
    ('datasets', 'download'): Row('DatasetDownload', None, shape='file'),
    ('datasets', 'hide'): Row('DatasetsVisibility', (('datasetIds', 'list'), ('workspace', 'string'), ('hidden', 'boolean')), console='%n  @|yellow Datasets %s at %s workspace:|@%*'),
    ('datasets', 'labels'): Row('ManageLabels', (('operation', 'string'), ('type', 'string'), ('id', 'string'), ('workspaceID', 'number?')), console="%n @|yellow '%s' labels on '%s' with id '%s' at %s workspace|@%n"),
    ('datasets', 'list'): Row('DatasetList', (('datasetList', 'list'), ('workspace', 'string'), ('showLabels', 'boolean'), ('showHidden', 'boolean'))),
    ('datasets', 'show'): Row('DatasetsVisibility', (('datasetIds', 'list'), ('workspace', 'string'), ('hidden', 'boolean')), console='%n  @|yellow Datasets %s at %s workspace:|@%*'),
    ('datasets', 'update'): Row('DatasetUpdate', (('datasetName', 'string'), ('workspaceRef', 'string'), ('datasetId', 'string')), console="%n  @|yellow Dataset '%s' updated at %s workspace with id '%s'|@%n"),
    ('datasets', 'url'): Row('DatasetUrl', (('datasetUrl', 'string'), ('dataset', 'string'), ('workspace', 'string'))),
    ('datasets', 'view'): Row('DatasetView', (('dataset', 'object'), ('workspace', 'string'))),
    ('datasets', 'view', 'versions'): Row('DatasetVersionsList', (('versions', 'list'), ('dataset', 'string'), ('workspace', 'string'))),
    ('info',): Row('InfoResponse', (('connectionCheck', 'number'), ('versionCheck', 'number'), ('credentialsCheck', 'number'), ('opts', 'object')), nested=(('opts', (('towerVersion', 'string?'), ('towerApiEndpoint', 'string'), ('cliVersion', 'string'), ('cliApiVersion', 'string'), ('towerApiVersion', 'string?'), ('userName', 'string?'))),)),
    ('labels', 'add'): Row('LabelAdded', (('id', 'number'), ('name', 'string'), ('isResource', 'boolean'), ('value', 'string?'), ('workspacRef', 'string?')), console=("%n @|yellow Label '%s' added at '%s' workspace with id '%s'|@%n", "%n @|yellow Label '%s' added with id '%s'|@%n")),
    ('labels', 'delete'): Row('DeleteLabelsResponse', (('labelId', 'number'), ('workspaceId', 'number?')), console=("%n  @|yellow Label '%d' deleted at '%d' workspace |@%n", "%n  @|yellow Label '%d' deleted |@%n")),
    ('labels', 'list'): Row('ListLabelsCmdResponse', (('workspaceId', 'number?'), ('labels', 'list'), ('labelType', 'string?'))),
    ('labels', 'update'): Row('LabelUpdated', (('id', 'number'), ('name', 'string'), ('value', 'string?'), ('workspaceRef', 'string?')), console=("%n @|yellow Label with id '%s' at '%s' workspace updated to '%s'|@%n", "%n @|yellow Label with id '%s' updated to '%s'|@%n")),
    ('launch',): Row('RunSubmited', (('workflowId', 'string'), ('workflowUrl', 'string'), ('workspaceId', 'number?'), ('workspaceRef', 'string')), console='%n  @|yellow Workflow %s submitted at %s workspace.|@%n%n    @|bold %s|@%n'),
    ('members', 'add'): Row('MembersAdded', (('orgName', 'string'), ('member', 'object')), console="%n  @|yellow Member '%s' with ID '%d' was added in organization '%s'|@%n"),
    ('members', 'delete'): Row('MembersDeleted', (('user', 'string'), ('organizationName', 'string')), console="%n  @|yellow Member '%s' deleted from organization '%s'|@%n"),
    ('members', 'leave'): Row('MembersLeave', (('orgName', 'string'),), console="%n  @|yellow You have been removed from organization '%s'|@%n"),
    ('members', 'list'): Row('MembersList', (('orgName', 'string'), ('members', 'list'))),
    ('members', 'update'): Row('MembersUpdate', (('user', 'string'), ('organizationName', 'string'), ('role', 'string')), console="%n  @|yellow Member '%s' updated to role '%s' in organization '%s'|@%n"),
    ('organizations', 'add'): Row('OrganizationsAdded', None, console="%n  @|yellow Organization '%s' with ID '%d' was added|@%n"),
    ('organizations', 'delete'): Row('OrganizationsDeleted', (('ref', 'string'),), console="%n  @|yellow Organization '%s' deleted|@%n"),
    ('organizations', 'list'): Row('OrganizationsList', (('userName', 'string'), ('organizations', 'list'))),
    ('organizations', 'update'): Row('OrganizationsUpdated', (('orgId', 'number'), ('name', 'string')), console="%n  @|yellow Organization '%s' was updated|@%n"),
    ('organizations', 'view'): Row('OrganizationsView', None),
    ('participants', 'add'): Row('ParticipantAdded', (('participant', 'object'), ('workspaceName', 'string')), console=("%n  @|yellow Team '%s' was added as participant to '%s' workspace with role '%s'|@%n", "%n  @|yellow User '%s' was added as participant to '%s' workspace with role '%s'|@%n")),
    ('participants', 'delete'): Row('ParticipantDeleted', (('name', 'string'), ('workspaceName', 'string')), console="%n  @|yellow Participant '%s' was removed from '%s' workspace|@%n"),
    ('participants', 'leave'): Row('ParticipantLeft', (('workspaceName', 'string'),), console="%n  @|yellow You have been removed as a participant from '%s' workspace|@%n"),
    ('participants', 'list'): Row('ParticipantsList', (('organizationName', 'string'), ('workspaceName', 'string'), ('participants', 'list'))),
    ('participants', 'update'): Row('ParticipantUpdated', (('workspaceName', 'string'), ('name', 'string'), ('role', 'string')), console="%n  @|yellow Participant '%s' has now role '%s' for workspace '%s'|@%n"),
    ('pipeline-schemas', 'add'): Row('PipelineSchemasAdded', (('workspaceRef', 'string'), ('schemaId', 'number')), console="%n  @|yellow New pipeline schema '%d' added at %s workspace|@%n"),
    ('pipelines', 'add'): Row('PipelinesAdded', (('workspaceRef', 'string'), ('pipelineName', 'string')), console="%n  @|yellow New pipeline '%s' added at %s workspace|@%n"),
    ('pipelines', 'delete'): Row('PipelinesDeleted', (('pipelineRef', 'string'), ('workspaceRef', 'string')), console="%n  @|yellow Pipeline '%s' deleted at %s workspace|@%n"),
    ('pipelines', 'export'): Row('PipelinesExport', (('configOutput', 'string'), ('fileName', 'string?'))),
    ('pipelines', 'import'): Row('PipelinesAdded', (('workspaceRef', 'string'), ('pipelineName', 'string')), console="%n  @|yellow New pipeline '%s' added at %s workspace|@%n"),
    ('pipelines', 'labels'): Row('ManageLabels', (('operation', 'string'), ('type', 'string'), ('id', 'string'), ('workspaceID', 'number?')), console="%n @|yellow '%s' labels on '%s' with id '%s' at %s workspace|@%n"),
    ('pipelines', 'list'): Row('PipelinesList', (('workspaceRef', 'string'), ('pipelines', 'list'))),
    ('pipelines', 'update'): Row('PipelinesUpdated', (('workspaceRef', 'string'), ('pipelineName', 'string'), ('newVersionName', 'string?'), ('draftVersionId', 'string?')), console=(
        "%n  @|yellow Pipeline '%s' updated at %s workspace|@%n",
        "%n  @|yellow Pipeline '%s' updated at %s workspace|@%n  @|yellow New version '%s' created and set as default, available in the Launchpad.|@%n",
        "%n  @|yellow Pipeline '%s' updated at %s workspace|@%n  @|yellow New draft version '%s' created. Use 'tw pipelines versions' to manage it.|@%n",
        # twpy on purpose (README): the hint names the program as invoked, tw's words when run as `tw`
        "%n  @|yellow Pipeline '%s' updated at %s workspace|@%n  @|yellow New draft version '%s' created. Use 'twpy pipelines versions' to manage it.|@%n")),
    ('pipelines', 'versions', 'list'): Row('ListPipelineVersionsCmdResponse', (('workspaceRef', 'string?'), ('pipelineId', 'number'), ('pipelineName', 'string'), ('versions', 'list'))),
    ('pipelines', 'versions', 'manage'): Row('ManagePipelineVersionCmdResponse', (('workspaceRef', 'string?'), ('pipelineId', 'number'), ('pipelineName', 'string'), ('versionId', 'string')), console=("%n  @|yellow Pipeline version '%s' of pipeline '%s' updated at workspace %s|@%n", "%n  @|yellow Pipeline version '%s' of pipeline '%s' updated|@%n")),
    ('pipelines', 'view'): Row('PipelinesView', (('workspaceRef', 'string'), ('info', 'object'), ('launch', 'object?'), ('version', 'object?'))),
    ('runs', 'cancel'): Row('RunCanceled', (('id', 'string'), ('workspaceRef', 'string')), console="%n  @|yellow Pipeline run '%s' canceled at %s workspace|@%n"),
    ('runs', 'delete'): Row('RunDeleted', (('id', 'string'), ('workspaceRef', 'string')), console="%n  @|yellow Pipeline run '%s' deleted at %s workspace|@%n"),
    ('runs', 'dump'): Row('RunDump', (('id', 'string'), ('workspaceRef', 'string'), ('outputFile', 'string')), console="%n  @|yellow Pipeline run '%s' at %s workspace details dump at '%s' |@%n", added=('skipped',)),
    ('runs', 'labels'): Row('ManageLabels', (('operation', 'string'), ('type', 'string'), ('id', 'string'), ('workspaceID', 'number?')), console="%n @|yellow '%s' labels on '%s' with id '%s' at %s workspace|@%n"),
    ('runs', 'list'): Row('RunList', (('workspaceRef', 'string'), ('workflows', 'list'), ('showLabels', 'boolean'))),
    ('runs', 'relaunch'): Row('RunSubmited', (('workflowId', 'string'), ('workflowUrl', 'string'), ('workspaceId', 'number?'), ('workspaceRef', 'string')), console='%n  @|yellow Workflow %s submitted at %s workspace.|@%n%n    @|bold %s|@%n'),
    ('runs', 'view'): Row('RunView', (('general', 'object'), ('processes', 'list?'), ('load', 'object?'), ('stats', 'object?'), ('configuration_text', 'string?'), ('configuration_files', 'list?'), ('utilization', 'object?'), ('parameters', 'object?'), ('command', 'string?'), ('status', 'object?')), nested=(('general', (('id', 'string'), ('operationId', 'string?'), ('runName', 'string'), ('startingDate', 'string?'), ('commitId', 'string?'), ('sessionId', 'string'), ('username', 'string'), ('workdir', 'string'), ('container', 'string?'), ('executors', 'string?'), ('computeEnv', 'string'), ('nextflowVersion', 'string?'), ('status', 'string'), ('labels', 'string'))), ('status', (('running', 'number'), ('submitted', 'number'), ('pending', 'number'), ('cached', 'number'), ('failed', 'number'), ('succeeded', 'number'))), ('processes', (('completedTasks', 'number'), ('name', 'string'), ('totalTasks', 'number'))), ('stats', (('totalMemory', 'number?'), ('read', 'number?'), ('cost', 'number?'), ('cpuTime', 'number?'), ('wallTime', 'number?'), ('write', 'number?'))), ('load', (('loadTasks', 'number'), ('peakTasks', 'number'), ('peakCpus', 'number'), ('loadCpus', 'number'))), ('utilization', (('memoryEfficiency', 'number'), ('cpuEfficiency', 'number'))))),
    ('runs', 'view', 'download'): Row('RunFileDownloaded', None, shape='file'),
    ('runs', 'view', 'metrics'): Row('RunViewMetrics', (('metricsGpu', 'list?'), ('metricsIo', 'list?'), ('metricsMemory', 'list?'), ('metricsTime', 'list?'), ('metricsCpu', 'list?'))),
    ('runs', 'view', 'task'): Row('TaskView', (('general', 'object'), ('environment', 'string?'), ('times', 'object?'), ('usage', 'object?'), ('resources', 'object?'), ('command', 'string?')), nested=(('general', (('id', 'number'), ('workDir', 'string?'), ('taskId', 'number'), ('status', 'string'))), ('times', (('duration', 'number?'), ('realtime', 'number?'), ('submit', 'string?'), ('start', 'string?'), ('complete', 'string?'))), ('resources', (('container', 'string?'), ('disk', 'number?'), ('memory', 'number?'), ('cost', 'number'), ('cpus', 'string?'), ('executor', 'string?'), ('priceModel', 'string?'), ('time', 'number?'), ('cloudZone', 'string?'), ('queue', 'string?'), ('machineType', 'string?'))), ('usage', ((('vmem', 'number?'), ('pcpu', 'number?'), ('syscw', 'number?'), ('peakRss', 'number?'), ('syscr', 'number?'), ('rss', 'number?'), ('writeBytes', 'number?'), ('peakVmem', 'number?'), ('wchar', 'number?'), ('readBytes', 'number?'), ('volCtxt', 'number?'), ('invCtxt', 'number?'), ('rchar', 'number?')), (('gpuName', 'string?'), ('gpuAvgMemBwUtil', 'number?'), ('pcpu', 'number?'), ('syscw', 'number?'), ('gpuPeakMem', 'number?'), ('rss', 'number?'), ('gpuActiveTime', 'number?'), ('gpuTotalMemory', 'number?'), ('vmem', 'number?'), ('peakRss', 'number?'), ('gpuAvgMem', 'number?'), ('syscr', 'number?'), ('gpuDriver', 'string?'), ('gpuPctMem', 'number?'), ('writeBytes', 'number?'), ('peakVmem', 'number?'), ('wchar', 'number?'), ('gpuPct', 'number?'), ('gpuPeakMemBwUtil', 'number?'), ('readBytes', 'number?'), ('gpuPeakMemUsed', 'number?'), ('volCtxt', 'number?'), ('invCtxt', 'number?'), ('gpuPeak', 'number?'), ('rchar', 'number?')))))),
    ('runs', 'view', 'tasks'): Row('TasksView', (('taskId', 'number'), ('process', 'string'), ('tag', 'string?'), ('status', 'string'), ('hash', 'string?'), ('exit', 'number?'), ('container', 'string?'), ('nativeId', 'string?'), ('submit', 'string?'), ('duration', 'number?'), ('realtime', 'number?'), ('pcpu', 'number?'), ('pmem', 'number?'), ('peakRss', 'number?'), ('peakVmem', 'number?'), ('rchar', 'number?'), ('wchar', 'number?'), ('volCtxt', 'number?'), ('invCtxt', 'number?')), shape='list', ordered=False),
    ('secrets', 'add'): Row('SecretAdded', (('workspaceRef', 'string'), ('id', 'number'), ('name', 'string')), console="%n  @|yellow New secret '%s' (%d) added at %s workspace|@%n"),
    ('secrets', 'delete'): Row('SecretDeleted', (('secret', 'object'), ('workspaceRef', 'string')), console="%n  @|yellow Secret '%s' deleted at %s workspace|@%n"),
    ('secrets', 'list'): Row('SecretsList', (('workspaceRef', 'string'), ('secrets', 'list'))),
    ('secrets', 'update'): Row('SecretUpdated', (('workspaceRef', 'string'), ('secretName', 'string')), console="%n  @|yellow Secret '%s' updated at %s workspace|@%n"),
    ('secrets', 'view'): Row('SecretView', (('workspaceRef', 'string'), ('secret', 'object'))),
    ('studios', 'add'): Row('StudiosCreated', (('sessionId', 'string'), ('workspaceRef', 'string'), ('workspaceId', 'number?'), ('autoStart', 'boolean'), ('studioUrl', 'string')), console=('%n  @|yellow Studio %s CREATED at %s workspace and auto started.|@%n%n  To connect to this studio session, copy and paste the following URL in your browser:%n%n    @|bold %s|@%n', '%n  @|yellow Studio %s CREATED at %s workspace.|@%n')),
    ('studios', 'add-as-new'): Row('StudiosCreated', (('sessionId', 'string'), ('workspaceRef', 'string'), ('workspaceId', 'number?'), ('autoStart', 'boolean'), ('studioUrl', 'string')), console=('%n  @|yellow Studio %s CREATED at %s workspace and auto started.|@%n%n  To connect to this studio session, copy and paste the following URL in your browser:%n%n    @|bold %s|@%n', '%n  @|yellow Studio %s CREATED at %s workspace.|@%n')),
    ('studios', 'checkpoints'): Row('StudioCheckpointsList', (('userSuppliedStudioIdentifier', 'string'), ('workspaceRef', 'string'), ('checkpoints', 'list'))),
    ('studios', 'delete'): Row('StudioDeleted', (('userSuppliedStudioIdentifier', 'string'), ('workspaceRef', 'string')), console='%n  @|yellow Studio %s deleted at %s workspace.|@%n'),
    ('studios', 'list'): Row('StudiosList', (('workspaceRef', 'string'), ('studios', 'list'), ('showLabels', 'boolean'))),
    ('studios', 'start'): Row('StudioStartSubmitted', (('sessionId', 'string'), ('userSuppliedStudioIdentifier', 'string'), ('studioUrl', 'string'), ('workspaceId', 'number?'), ('workspaceRef', 'string'), ('jobSubmitted', 'boolean')), console='%n  @|yellow Studio %s START %s at %s workspace.|@%n%n  To connect to this studio session, copy and paste the following URL in your browser:%n%n    @|bold %s|@%n'),
    ('studios', 'stop'): Row('StudioStopSubmitted', (('sessionId', 'string'), ('userSuppliedStudioIdentifier', 'string'), ('workspaceId', 'number?'), ('workspaceRef', 'string'), ('jobSubmitted', 'boolean')), console='%n  @|yellow Studio %s STOP %s at %s workspace.|@%n%n    '),
    ('studios', 'templates'): Row('StudiosTemplatesList', (('templates', 'list'),)),
    ('studios', 'update'): Row('StudioUpdated', (('sessionId', 'string'), ('userSuppliedStudioIdentifier', 'string'), ('workspaceId', 'number?'), ('workspaceRef', 'string')), console='%n  @|yellow Studio %s UPDATED at %s workspace.|@%n'),
    ('studios', 'view'): Row('StudiosView', (('studio', 'object'), ('workspaceRef', 'string'))),
    ('teams', 'add'): Row('TeamAdded', (('organizationName', 'string'), ('teamName', 'string')), console="%n  @|yellow A '%s' team added for '%s' organization|@%n"),
    ('teams', 'delete'): Row('TeamDeleted', (('organizationName', 'string'), ('teamId', 'string')), console="%n  @|yellow Team '%s' deleted for %s organization|@%n"),
    ('teams', 'list'): Row('TeamsList', (('organizationName', 'string'), ('teams', 'list'))),
    ('teams', 'members'): Row('TeamMembersList', (('teamName', 'string'), ('members', 'list'))),
    ('teams', 'members', 'add'): Row('TeamMembersAdd', (('teamName', 'string'), ('member', 'object')), console="%n  @|yellow Member '%s' added to team '%s' with id '%d'|@%n"),
    ('teams', 'members', 'delete'): Row('TeamMemberDeleted', (('teamName', 'string'), ('username', 'string')), console="%n  @|yellow Team member '%s' deleted at '%s' team|@%n"),
    ('workspaces', 'add'): Row('WorkspaceAdded', (('workspaceName', 'string'), ('organizationName', 'string'), ('visibility', 'string')), console="%n  @|yellow A '%s' workspace '%s' added for '%s' organization|@%n"),
    ('workspaces', 'delete'): Row('WorkspaceDeleted', (('workspaceRef', 'string'), ('organizationRef', 'string')), console="%n  @|yellow Workspace '%s' deleted for %s organization|@%n"),
    ('workspaces', 'leave'): Row('ParticipantLeft', (('workspaceName', 'string'),), console="%n  @|yellow You have been removed as a participant from '%s' workspace|@%n"),
    ('workspaces', 'list'): Row('WorkspaceList', (('userName', 'string'), ('workspaces', 'list'))),
    ('workspaces', 'settings', 'studios', 'update'): Row('StudiosSettingsUpdated', (('workspaceName', 'string'),), console="%n  @|yellow Studios settings updated for workspace '%s'|@%n"),
    ('workspaces', 'settings', 'studios', 'view'): Row('StudiosSettingsView', (('workspaceName', 'string'), ('settings', 'object'))),
    ('workspaces', 'update'): Row('WorkspaceUpdated', (('workspaceName', 'string'), ('organizationName', 'string'), ('visibility', 'string')), console="%n  @|yellow A '%s' workspace '%s' updated for '%s' organization|@%n"),
    ('workspaces', 'view'): Row('WorkspaceView', (('workspace', 'object'),)),
}


TYPES = {"string": str, "number": (int, float), "boolean": bool, "list": list, "object": dict}


def row_for(path: tuple) -> tuple | None:
    """The row of a command path (the longest registered prefix: `runs view -i x tasks` -> `runs view tasks`)."""
    for size in range(len(path), 0, -1):
        if tuple(path[:size]) in ROWS:
            return tuple(path[:size])
    return None


def _alternatives(spec: tuple) -> tuple:
    """A nested spec as a tuple of alternative key tuples."""
    return spec if spec and isinstance(spec[0][0], tuple) else (spec,)


def _object_problems(where: str, what: str, keys: tuple, added: tuple, document, ordered: bool = True) -> list[str]:
    """What differs between one JSON object and its keys: unknown and missing keys, order, types."""
    if not isinstance(document, dict):
        return [f"{where}: {type(document).__name__} where tw prints an object ({what})"]
    declared = [name for name, _ in keys] + list(added)
    types = {name: kind.rstrip("?") for name, kind in keys}
    problems = [f"{where}: key '{k}' is not in tw's {what}" for k in document if k not in declared]
    problems += [f"{where}: key '{name}' is missing (tw always prints it)" for name, kind in keys
                 if not kind.endswith("?") and document.get(name) is None]
    order = [k for k in document if k in declared]
    if ordered and order != sorted(order, key=declared.index):
        problems.append(f"{where}: keys {order} are not in tw's order {[k for k in declared if k in order]}")
    for name, value in document.items():
        wanted = types.get(name)
        if value is None:
            problems.append(f"{where}: '{name}' is null (tw leaves nulls out)")
        elif wanted and not (isinstance(value, TYPES[wanted]) and not (wanted == "number" and isinstance(value, bool))):
            problems.append(f"{where}: '{name}' is {type(value).__name__}, tw prints a {wanted}")
    return problems


def document_problems(key: tuple, document) -> list[str]:
    """What differs between a printed JSON document and its row."""
    row = ROWS[key]
    where = " ".join(key)
    if row.shape == "file":
        if not (isinstance(document, dict) and len(document) == 1 and isinstance(next(iter(document.values())), str)):
            return [f"{where}: tw prints one key (the file's type or name) holding the file's text ({row.response})"]
        return []
    if row.keys is None:
        return [] if isinstance(document, dict) else [f"{where}: tw prints an object ({row.response})"]
    if row.shape == "list":
        if not isinstance(document, list):
            return [f"{where}: the document is a {type(document).__name__}, tw prints a list ({row.response})"]
        return [p for i, item in enumerate(document)
                for p in _object_problems(f"{where} [{i}]", row.response, row.keys, row.added, item, row.ordered)]
    problems = _object_problems(where, row.response, row.keys, row.added, document, row.ordered)
    if not isinstance(document, dict):
        return problems
    for name, value in row.values:
        if name in document and document[name] != value:
            problems.append(f"{where}: '{name}' is {document[name]!r}, tw prints {value!r}")
    for name, spec in row.nested:
        value = document.get(name)
        for i, item in enumerate(value if isinstance(value, list) else [] if value is None else [value]):
            inner = f"{where} {name}" + (f"[{i}]" if isinstance(value, list) else "")
            found = [_object_problems(inner, f"{row.response}.{name}", keys, (), item) for keys in _alternatives(spec)]
            problems += min(found, key=len)
    return problems


def console_pattern(template: str) -> re.Pattern:
    """tw's String.format template as a pattern over the printed text (colour markup removed, %s any text,
    `%*` any text to the end)."""
    text = re.sub(r"@\|[^ ]+ ", "", template).replace("|@", "")
    text = re.sub(r"(%n)*%\*$", "%*", text)
    text = re.sub(r"^(%n)+|(%n)+$", "", "%n".join(piece.strip() for piece in text.split("%n")))
    parts = re.split(r"(%n|%[sSd*])", text)
    regex = "".join("\n" if p == "%n" else "(?:\n.*)?" if p == "%*" else "[^\n]+?" if p in ("%s", "%S")
                    else "-?[0-9]+" if p == "%d" else re.escape(p) for p in parts)
    return re.compile(regex, re.S)


def templates(key: tuple) -> tuple:
    console = ROWS[key].console
    return () if not console else (console,) if isinstance(console, str) else console


def console_problems(key: tuple, stdout: str) -> list[str]:
    """Whether the console line is tw's (surrounding blank lines and trailing spaces aside)."""
    wanted = templates(key)
    if not wanted:
        return []
    shown = "\n".join(line.strip() for line in stdout.strip("\n").splitlines())
    if any(console_pattern(template).fullmatch(shown) for template in wanted):
        return []
    return [f"{' '.join(key)}: console line {shown!r} is not tw's {' or '.join(map(repr, wanted))}"]


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
