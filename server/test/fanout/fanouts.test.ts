import { LocalBus, LocalFanout } from '../../src/fanout/LocalFanout.ts';
import { RedisFanout } from '../../src/fanout/RedisFanout.ts';
import { useServices } from '../helpers/services.ts';
import { runFanoutContract } from './fanoutContract.ts';

runFanoutContract('in-process', () => {
  const bus = new LocalBus();
  let ports: LocalFanout[] = [];
  return {
    pair: async () => (ports = [new LocalFanout(bus), new LocalFanout(bus)]) as [LocalFanout, LocalFanout],
    outage: async () => {
      for (const p of ports) p.disconnect();
      for (const p of ports) p.reconnect();
    },
  };
});

const services = useServices();
runFanoutContract('redis', () => ({
  pair: async () => {
    const url = services.current().services.redis.url;
    return [await RedisFanout.open(url), await RedisFanout.open(url)];
  },
  outage: async () => {
    const redis = services.current().services.redis;
    await redis.stop();
    await redis.start();
  },
}));
