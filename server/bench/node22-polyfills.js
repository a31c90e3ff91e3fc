// PostGraphile 5 targets Node 22; this machine has Node 20. The only Node 22 API it uses is Promise.withResolvers.
'use strict';
if (!Promise.withResolvers) {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
