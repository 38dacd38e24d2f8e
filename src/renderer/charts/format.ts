export { count, duration, percent, usd } from '../../core/format';
