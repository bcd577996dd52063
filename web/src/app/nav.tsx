import {
  AccountBookOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  ClusterOutlined,
  CoffeeOutlined,
  EnvironmentOutlined,
  ExperimentOutlined,
  FieldTimeOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  GiftOutlined,
  HeartOutlined,
  HomeOutlined,
  NodeIndexOutlined,
  PayCircleOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  SettingOutlined,
  ShopOutlined,
  ShoppingOutlined,
  SlidersOutlined,
  SolutionOutlined,
  TeamOutlined,
  UploadOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../../../contracts/roles.ts';

export interface NavItem {
  path: string;
  /** key in the common namespace */
  label: string;
  permission: Permission;
  icon: ReactNode;
}

/** The menu, in order; an item shows only when the user holds its permission somewhere. */
export const NAV_ITEMS: NavItem[] = [
  { path: '/residents', label: 'menu.residents', permission: 'person.read', icon: <TeamOutlined /> },
  { path: '/orgs', label: 'menu.orgs', permission: 'org.read', icon: <BankOutlined /> },
  {
    path: '/service-points',
    label: 'menu.servicePoints',
    permission: 'service_point.read',
    icon: <EnvironmentOutlined />,
  },
  { path: '/orders', label: 'menu.orders', permission: 'order.read', icon: <HomeOutlined /> },
  { path: '/canteen', label: 'menu.till', permission: 'meal.sell', icon: <ShopOutlined /> },
  {
    path: '/care-credits',
    label: 'menu.careCredits',
    permission: 'care_credit.enrol',
    icon: <GiftOutlined />,
  },
  { path: '/meals', label: 'menu.meals', permission: 'meal.manage', icon: <CoffeeOutlined /> },
  {
    path: '/settlement',
    label: 'menu.settlement',
    permission: 'settlement.read',
    icon: <FileDoneOutlined />,
  },
  { path: '/funds', label: 'menu.funds', permission: 'ledger.adjust', icon: <AccountBookOutlined /> },
  { path: '/volunteers', label: 'menu.volunteers', permission: 'volunteer.read', icon: <SolutionOutlined /> },
  { path: '/teams', label: 'menu.teams', permission: 'volunteer.read', icon: <UsergroupAddOutlined /> },
  { path: '/points/till', label: 'menu.pointsTill', permission: 'points.redeem', icon: <ShoppingOutlined /> },
  {
    path: '/points/settings',
    label: 'menu.pointRules',
    permission: 'points.manage',
    icon: <SettingOutlined />,
  },
  {
    path: '/volunteer-figures',
    label: 'menu.volunteerFigures',
    permission: 'figures.read',
    icon: <BarChartOutlined />,
  },
  { path: '/needs', label: 'menu.needs', permission: 'need.post', icon: <BellOutlined /> },
  { path: '/claims', label: 'menu.claims', permission: 'need.claim', icon: <HeartOutlined /> },
  { path: '/matching', label: 'menu.matching', permission: 'need.post', icon: <NodeIndexOutlined /> },
  {
    path: '/activities',
    label: 'menu.activities',
    permission: 'activity.manage',
    icon: <CalendarOutlined />,
  },
  {
    path: '/records/review',
    label: 'menu.recordsReview',
    permission: 'record.review',
    icon: <FieldTimeOutlined />,
  },
  { path: '/import', label: 'menu.import', permission: 'import.run', icon: <UploadOutlined /> },
  { path: '/areas', label: 'menu.areas', permission: 'area.manage', icon: <ClusterOutlined /> },
  { path: '/audit', label: 'menu.audit', permission: 'audit.read', icon: <AuditOutlined /> },
  // issue 5: programmes and rules as code (labels in the eligibility namespace)
  {
    path: '/worklist',
    label: 'eligibility:menu.worklist',
    permission: 'worklist.read',
    icon: <ScheduleOutlined />,
  },
  {
    path: '/screening',
    label: 'eligibility:menu.screening',
    permission: 'screening.run',
    icon: <ExperimentOutlined />,
  },
  {
    path: '/programmes',
    label: 'eligibility:menu.programmes',
    permission: 'programme.read',
    icon: <ProfileOutlined />,
  },
  {
    path: '/rule-params',
    label: 'eligibility:menu.params',
    permission: 'programme.read',
    icon: <SlidersOutlined />,
  },
  // Every role holding application.approve also holds application.submit (contracts/roles.ts).
  {
    path: '/applications',
    label: 'eligibility:menu.applications',
    permission: 'application.submit',
    icon: <FileProtectOutlined />,
  },
  {
    path: '/benefit-payments',
    label: 'eligibility:menu.payments',
    permission: 'benefit.pay',
    icon: <PayCircleOutlined />,
  },
];
