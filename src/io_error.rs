//! I/O errors in Chinese: shared ground for every stage that reads or writes files.

/// The Chinese reason for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在".to_string(),
        ErrorKind::PermissionDenied => "没有访问权限".to_string(),
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件".to_string(),
        _ => format!("{e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_kinds_in_chinese() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io_reason(&e), "文件或文件夹不存在");
    }
}
