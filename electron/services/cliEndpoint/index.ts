/** The running app's endpoint for the `kindred` command line: host side and client side. */
export { startCliEndpoint, answers, type CliEndpoint, type CliEndpointOptions } from './cliEndpoint';
export { connectRunningApp, runningAppAddress, EndpointUnavailable, type ConnectOptions } from './connectRunning';
export { endpointAddress, folderHash, POINTER_FILE, SOCKET_NAME, TOKEN_FILE } from './endpointFiles';
