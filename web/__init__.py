"""What the Streamlit pages share: cached resources, the current map and its access, the
sidebar filters kept in the URL. The only package besides pages/ that imports streamlit."""
