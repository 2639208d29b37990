/** The access key the clusters started by tests, benchmarks and chaos runs accept, and their clients sign with. */
export const clusterCredentials = { accessKeyId: "tributary_test", secretAccessKey: "tributary-test-secret" } as const;

/** The same, as the gateway's --credentials / TRIBUTARY_CREDENTIALS value. */
export const clusterCredentialsFlag = `${clusterCredentials.accessKeyId}:${clusterCredentials.secretAccessKey}`;
