//! Yesan web (stub).
