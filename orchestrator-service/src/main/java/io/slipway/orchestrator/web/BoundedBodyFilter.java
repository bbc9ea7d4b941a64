package io.slipway.orchestrator.web;

import io.slipway.orchestrator.problems.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body, whatever endpoint reads it and however it is framed: a declared {@code
 * Content-Length} over {@link HttpLimits#maxBodyBytes()} is refused before anything is read, and a
 * chunked (or lying) body is cut off with {@link ApiException} 413 at the first byte past the
 * limit, or 408 once it has taken longer than {@link HttpLimits#bodyReadTimeout()} to arrive. The
 * exception surfaces from whatever read the stream (a controller, or Jackson behind
 * {@code @RequestBody}) and {@link ProblemAdvice} answers it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BoundedBodyFilter extends OncePerRequestFilter {
    private final HttpLimits limits;
    private final Clock clock;

    BoundedBodyFilter(HttpLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        long maxBytes = limits.maxBytesFor(path);
        if (request.getContentLengthLong() > maxBytes) {
            ProblemAdvice.write(response, tooLarge(maxBytes));
            return;
        }
        chain.doFilter(new Bounded(request, maxBytes, limits.readTimeoutFor(path)), response);
    }

    static ApiException tooLarge(long limit) {
        return new ApiException(
                ProblemType.REQUEST_BODY_TOO_LARGE,
                "a request body may be at most " + limit + " bytes");
    }

    private final class Bounded extends HttpServletRequestWrapper {
        private final long maxBytes;
        private final Duration readTimeout;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long maxBytes, Duration readTimeout) {
            super(request);
            this.maxBytes = maxBytes;
            this.readTimeout = readTimeout;
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), maxBytes, readTimeout);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset =
                    encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private final Duration readTimeout;
        private long count;
        private Instant deadline;

        LimitedStream(ServletInputStream in, long maxBytes, Duration readTimeout) {
            this.in = in;
            this.maxBytes = maxBytes;
            this.readTimeout = readTimeout;
        }

        @Override
        public int read() throws IOException {
            check(0);
            int b = in.read();
            if (b >= 0) {
                check(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check(0);
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                check(n);
            }
            return n;
        }

        private void check(int read) {
            Instant now = Instant.now(clock);
            if (deadline == null) {
                deadline = now.plus(readTimeout);
            } else if (now.isAfter(deadline)) {
                throw new ApiException(
                        ProblemType.REQUEST_BODY_TOO_SLOW,
                        "the request body did not arrive within " + readTimeout.toSeconds() + " s");
            }
            count += read;
            if (count > maxBytes) {
                throw tooLarge(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
