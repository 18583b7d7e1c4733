export { DEMO, DEMO_PASSWORD } from '../../devstack/demo-people';
