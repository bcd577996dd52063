export { issueCertificate, verifyCertificate } from './activities.certificates.ts';
export { seedActivitiesDemo } from './activities.demo.ts';
export { certificatePdf, cjkFont, packageFont } from './activities.pdf.ts';
export { confirmRecords, correctRecord, rejectRecord, selfReport } from './activities.records.ts';
export { activityRoutes } from './activities.routes.ts';
export {
  checkInCode,
  codeScreen,
  codeWindow,
  maskName,
  servedMinutes,
  verifyCode,
} from './activities.rules.ts';
export {
  type CreateActivityInput,
  cancelActivity,
  checkIn,
  checkOut,
  createActivity,
  createHolidayPosts,
  createMarket,
  createNeedActivity,
  currentCode,
  getActivity,
  type NeedActivityInput,
  signUp,
} from './activities.service.ts';
