"""The certificate viewer and the bounded loading of scans for thumbnails and cards."""
