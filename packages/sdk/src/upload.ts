// @tianyuan/sdk/upload: photo uploads (compress on the phone, one key, resumable retries).
// An entry of its own because only a few subpackage pages upload (the market's seller and
// after-sale pages, the clinic's booking and chat): no tab page imports it, so it never
// reaches a main package (tools/size counts the SDK's bytes there per app).
export { uploadPhoto, compressPhoto, UPLOAD_POLICY, UPLOAD_STALL_MS, UPLOAD_OFFLINE_WAIT_MS, type CompressedPhoto, type UploadPhotoOptions, type UploadProgress } from './image/upload'
