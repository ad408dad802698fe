// @tianyuan/sdk/testing: the fake platform, for the apps' own unit tests. Never imported by app code.
export {
  createFakePlatform,
  FakeStorage,
  type DropStyle,
  type FakeHandler,
  type FakeNetwork,
  type FakePaymentOutcome,
  type FakePlatform,
  type FakePlatformOptions,
  type FakeReply,
  type FakeRequest,
  type NetworkConditions,
} from './platform/fake'
export { fetchHandler, type FetchServer } from './platform/fetch-handler'
export { FakeLocalFiles, FakeAudioHost, FakeAudioPlayer, patterned, FAKE_USER_DATA_PATH } from './platform/fake-files'
export { FakeSpeech } from './platform/fake-speech'
