// The baseline for bench/hello-throughput.sh: the reply of the exercise 01 reference answer, served
// by Node.js's built-in http module. It follows the same contract as the Java answer: PORT (0 = any
// free port) and HOST from the environment, one "Listening on" line, one log line per request.
'use strict';

const http = require('node:http');

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8080);
const greeting = Buffer.from('Hello, world!\n', 'utf8');

const server = http.createServer((request, response) => {
  // The same work as the Java answer does per request: one line on standard output.
  console.log(`${request.method} ${request.url}`);
  response.writeHead(200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': greeting.length,
  });
  response.end(greeting);
});

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${server.address().port}`);
});
