import java.io.File;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.SAXException;

/** Validates XML files against an XSD with the JDK's parser: `java ValidateXml.java <xsd> <xml>...`. */
public class ValidateXml {
  public static void main(String[] args) throws Exception {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    Validator validator = factory.newSchema(new File(args[0])).newValidator();
    int invalid = 0;
    for (int i = 1; i < args.length; i++) {
      try {
        validator.validate(new StreamSource(new File(args[i])));
      } catch (SAXException e) {
        System.out.println(new File(args[i]).getName() + ": " + e.getMessage());
        invalid++;
      }
    }
    System.exit(invalid == 0 ? 0 : 1);
  }
}
