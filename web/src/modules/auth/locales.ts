import type { LocaleShape } from '../../app/locale-shape.ts';

const zh = {
  title: '登录',
  username: '用户名',
  password: '密码',
  usernameRequired: '请输入用户名',
  passwordRequired: '请输入密码',
  submit: '登录',
};

const en: LocaleShape<typeof zh> = {
  title: 'Sign in',
  username: 'User name',
  password: 'Password',
  usernameRequired: 'Please enter your user name',
  passwordRequired: 'Please enter your password',
  submit: 'Sign in',
};

export const authLocales = { 'zh-CN': zh, en };
