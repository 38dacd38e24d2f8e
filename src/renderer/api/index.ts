import type { ApiClient } from '../../shared/contract';
import { HttpApiClient } from './http-client';
import { IpcApiClient, type ScorecastBridge } from './ipc-client';

/** The preload bridge when running in Electron, loopback HTTP otherwise. */
export function createApiClient(): ApiClient {
  const bridge = (window as unknown as { scorecast?: ScorecastBridge }).scorecast;
  if (bridge) return new IpcApiClient(bridge);
  return new HttpApiClient(new URLSearchParams(window.location.search).get('token') ?? '');
}
