"""Weekly digest and plan reports for Văn phòng."""
