import { PostgresActivityStore } from '../../src/activity/PostgresActivityStore.ts';
import { useServices } from '../helpers/services.ts';
import { runActivityStoreContract } from './activityStoreContract.ts';

const services = useServices();

runActivityStoreContract('postgres', async () => PostgresActivityStore.open(await services.current().freshDatabase()));
