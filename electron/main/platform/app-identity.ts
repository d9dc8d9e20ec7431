// The app's identity as the OS sees it. Must equal `appId` in electron-builder.yml (a unit test checks):
// Windows attributes notifications and taskbar grouping to this AppUserModelID.
export const APP_ID = 'io.github.bucketscope';
export const APP_NAME = 'Bucketscope';
