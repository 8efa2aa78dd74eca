package dev.knm.fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket: the request target goes out byte for byte (no client normalises
 * {@code ../} away), and the answer is read as sent.
 */
public final class RawHttp {
  public record Response(int status, String headers, String body) {}

  private RawHttp() {}

  public static Response send(
      InstanceAddress to, String method, String target, String token, byte[] body)
      throws IOException {
    try (Socket s = new Socket(to.host(), to.port())) {
      s.setSoTimeout(15_000);
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: ").append(to).append("\r\n");
      head.append("Connection: close\r\n");
      if (token != null) {
        head.append("Authorization: Bearer ").append(token).append("\r\n");
      }
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        try {
          out.write(body);
        } catch (IOException e) {
          // the server may answer 413 and close before reading it all
        }
      }
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      try {
        in.transferTo(all);
      } catch (IOException e) {
        if (all.size() == 0) {
          throw e;
        }
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String headers = split < 0 ? text : text.substring(0, split);
      String rest = split < 0 ? "" : text.substring(split + 4);
      int status = Integer.parseInt(headers.substring(9, 12));
      if (headers.toLowerCase().contains("transfer-encoding: chunked")) {
        rest = dechunk(rest);
      }
      return new Response(status, headers, rest);
    }
  }

  public static Response get(InstanceAddress to, String target, String token) throws IOException {
    return send(to, "GET", target, token, null);
  }

  public static Response post(InstanceAddress to, String target, String token) throws IOException {
    return send(to, "POST", target, token, new byte[0]);
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < chunked.length()) {
      int eol = chunked.indexOf("\r\n", i);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(chunked.substring(i, eol).strip(), 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
