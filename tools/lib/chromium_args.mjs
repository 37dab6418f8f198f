// The switches of the headless Debian chromium that the e2e tests and the benchmarks
// drive (../shared/ENVIRONMENT.md), in one place so that a test and a benchmark run the
// same browser.
//
//   chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs({ webgl: true }) })
//
// `webgl`: WebGL2 through SwiftShader, for the ImGui app (there is no GPU).
// `fakeUi`: media permission prompts are accepted; without it headless Chromium denies them.
// `hideLocalIps`: Chromium as real users have it - pages without camera or microphone
// permission get host candidates with mDNS names, and none on loopback (the network lab;
// on loopback alone nothing would resolve them).
export function chromiumArgs({ webgl = false, fakeUi = true, hideLocalIps = false } = {}) {
  return [
    // PARLEY_JS_FLAGS: V8 flags for a diagnosis (tools/bench/README.md), e.g. --single-threaded.
    ...(process.env.PARLEY_JS_FLAGS ? [`--js-flags=${process.env.PARLEY_JS_FLAGS}`] : []),
    '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic',
    ...(webgl ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] : []),
    '--use-fake-device-for-media-stream',
    ...(fakeUi ? ['--use-fake-ui-for-media-stream'] : []),
    ...(hideLocalIps ? [] : ['--allow-loopback-in-peer-connection']),
    // WebRtcHideLocalIpsWithMdns: host candidates carry 127.0.0.1, not an mDNS name that
    // nothing in a loopback-only namespace would resolve.
    // WebUIOmnibox*: Chromium 156 starts a chrome://omnibox-popup renderer (the composebox
    // WebUI) for every browser context, and it runs its scripts just when a test's pages
    // do. A trace of one timed call showed two of them using ~15 ms of CPU inside a 25 ms
    // window on this 2-core machine; without them both benchmark clients set up calls
    // ~40 ms faster (tools/bench/call-setup).
    `--disable-features=${hideLocalIps ? '' : 'WebRtcHideLocalIpsWithMdns,'}WebUIOmniboxPopup,` +
      'WebUIOmniboxFullPopup,WebUIOmniboxAimPopup',
    // Remote <video> elements play with sound as soon as media arrives; a person's click on
    // Join would allow that, a test has no clicks before it.
    '--autoplay-policy=no-user-gesture-required',
  ];
}
